package io.perceive.ingest.survey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret behind survey links. One master key (configured, or generated once and kept under
 * the data directory) yields a separate key per purpose, so a token signature can never double
 * as a customer hash or a form check. The key id is derived from the key, so links signed with a
 * rotated-out key are recognised as such instead of failing as tampered.
 */
public final class SurveyKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyKeys.class);
  public static final int MIN_KEY_BYTES = 32;
  static final String FILE_NAME = "survey.key";
  private static final String ALGORITHM = "HmacSHA256";

  /** What a derived key is for. */
  public enum Purpose {
    TOKEN,
    CUSTOMER,
    FORM
  }

  private final String keyId;
  private final SecretKeySpec token;
  private final SecretKeySpec customer;
  private final SecretKeySpec form;

  private SurveyKeys(byte[] master) {
    if (master.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a survey key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    SecretKeySpec masterKey = new SecretKeySpec(master, ALGORITHM);
    this.keyId = HexFormat.of().formatHex(hmac(masterKey, "perceive key id")).substring(0, 8);
    this.token = new SecretKeySpec(hmac(masterKey, "perceive survey token"), ALGORITHM);
    this.customer = new SecretKeySpec(hmac(masterKey, "perceive customer hash"), ALGORITHM);
    this.form = new SecretKeySpec(hmac(masterKey, "perceive survey form"), ALGORITHM);
  }

  /** Keys from raw bytes (at least 32). */
  public static SurveyKeys of(byte[] master) {
    return new SurveyKeys(master.clone());
  }

  /**
   * The configured key if there is one, else the key stored in {@code dataDir/survey.key},
   * generated (32 random bytes, owner-only permissions) on first start. Blocking: call at start.
   */
  public static SurveyKeys loadOrCreate(Optional<byte[]> configured, Path dataDir) {
    if (configured.isPresent()) {
      return of(configured.get());
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        if (write(file, Base64.getEncoder().encodeToString(fresh) + "\n")) {
          LOG.info("survey key generated [file: {}]", file.toAbsolutePath());
        }
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("survey key file " + file + " is not base64");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalStateException("survey key file " + file + " holds fewer than " + MIN_KEY_BYTES + " bytes");
      }
      return new SurveyKeys(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the survey key " + file, e);
    }
  }

  /** Creates the file with owner-only permissions; false when another process was first. */
  private static boolean write(Path file, String content) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (posix) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    return true;
  }

  public String keyId() {
    return keyId;
  }

  /** The MAC of {@code data} under the key for {@code purpose}. */
  public byte[] mac(Purpose purpose, String data) {
    return hmac(
        switch (purpose) {
          case TOKEN -> token;
          case CUSTOMER -> customer;
          case FORM -> form;
        },
        data);
  }

  /** Constant-time check of a MAC (or its first {@code expected.length} bytes). */
  public boolean verify(Purpose purpose, String data, byte[] expected) {
    byte[] actual = mac(purpose, data);
    if (expected.length < 16 || expected.length > actual.length) {
      return false;
    }
    byte[] prefix = java.util.Arrays.copyOf(actual, expected.length);
    return MessageDigest.isEqual(prefix, expected);
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
