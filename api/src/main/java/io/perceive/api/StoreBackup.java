package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code perceive backup --to DIR} and {@code perceive restore --from DIR} for the embedded
 * store. A backup reads every collection through the store's wire protocol, so it works while
 * {@code serve} runs (it finds the running store's loopback port in {@code <data.dir>/store.port})
 * or on a stopped store: one JSON Lines file per collection and a {@code manifest.json}. A restore
 * (the store stopped) replaces every collection with the files' documents, then recounts every
 * rollup from the restored responses, so the rollups agree with the responses whatever was being
 * written while the backup read. On MongoDB, mongodump and mongorestore do this job.
 */
final class StoreBackup {

  /** Exit status when the store is MongoDB (use its own tools) or the backup is unreadable. */
  public static final int NOT_POSSIBLE = 2;
  static final String MANIFEST = "manifest.json";
  private static final int BATCH = 1_000;

  private StoreBackup() {}

  public static int backup(PerceiveConfig config, Path to, PrintStream out, PrintStream err) throws Exception {
    if (config.store().mongoUri().isPresent()) {
      err.println("perceive: the store is MongoDB: back it up with mongodump (docs/operations.md, Backups)");
      return NOT_POSSIBLE;
    }
    Files.createDirectories(to);
    if (Files.exists(to.resolve(MANIFEST))) {
      err.println("perceive: " + to + " already holds a backup; give an empty directory");
      return NOT_POSSIBLE;
    }
    Optional<OfflineStore> stopped = OfflineStore.open(config);
    if (stopped.isPresent()) {
      try (OfflineStore store = stopped.get()) {
        return dump(store.client(), config, to, out);
      }
    }
    Path portFile = config.store().dataDir().resolve(EmbeddedMongo.PORT_FILE);
    if (!Files.isReadable(portFile)) {
      err.println("perceive: the embedded store is in use but " + portFile + " is missing: is a Perceive of this version serving it?");
      return NOT_POSSIBLE;
    }
    int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).strip());
    Vertx vertx = Vertx.vertx();
    try {
      MongoClient client =
          MongoClient.create(
              vertx,
              new JsonObject().put("connection_string", "mongodb://127.0.0.1:" + port).put("db_name", config.store().database())
                  .put("serverSelectionTimeoutMS", 5000).put("socketTimeoutMS", 60000));
      try {
        return dump(client, config, to, out);
      } finally {
        StoreServices.await(client.close());
      }
    } finally {
      StoreServices.await(vertx.close());
    }
  }

  private static int dump(MongoClient client, PerceiveConfig config, Path to, PrintStream out) throws Exception {
    Instant started = Instant.now();
    TreeMap<String, Long> counts = new TreeMap<>();
    for (String collection : StoreServices.await(client.getCollections())) {
      long n = StoreServices.await(write(client, collection, to.resolve(collection + ".jsonl")));
      counts.put(collection, n);
    }
    JsonObject manifest =
        new JsonObject().put("format", 1).put("database", config.store().database()).put("startedAt", started.toString())
            .put("finishedAt", Instant.now().toString()).put("collections", new JsonObject(new java.util.LinkedHashMap<>(counts)));
    Files.writeString(to.resolve(MANIFEST), manifest.encodePrettily(), StandardCharsets.UTF_8);
    out.println("backed up " + counts.values().stream().mapToLong(Long::longValue).sum() + " documents in " + counts.size()
        + " collections to " + to);
    return 0;
  }

  private static Future<Long> write(MongoClient client, String collection, Path file) {
    Promise<Long> done = Promise.promise();
    BufferedWriter writer;
    try {
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    long[] n = {0};
    client
        .findBatch(collection, new JsonObject())
        .exceptionHandler(e -> close(writer, done, e, n[0]))
        .endHandler(v -> close(writer, done, null, n[0]))
        .handler(doc -> {
          try {
            writer.write(doc.encode());
            writer.write('\n');
            n[0]++;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return done.future();
  }

  private static void close(BufferedWriter writer, Promise<Long> done, Throwable failure, long n) {
    try {
      writer.close();
    } catch (IOException e) {
      done.tryFail(e);
      return;
    }
    if (failure != null) {
      done.tryFail(failure);
    } else {
      done.tryComplete(n);
    }
  }

  public static int restore(PerceiveConfig config, Path from, PrintStream out, PrintStream err) throws Exception {
    if (config.store().mongoUri().isPresent()) {
      err.println("perceive: the store is MongoDB: restore it with mongorestore (docs/operations.md, Backups)");
      return NOT_POSSIBLE;
    }
    Path manifestFile = from.resolve(MANIFEST);
    if (!Files.isReadable(manifestFile)) {
      err.println("perceive: " + from + " holds no backup (" + MANIFEST + " is missing)");
      return NOT_POSSIBLE;
    }
    JsonObject manifest = new JsonObject(Files.readString(manifestFile, StandardCharsets.UTF_8));
    Optional<OfflineStore> opened = OfflineStore.openOrSay(config, err, "; stop it first");
    if (opened.isEmpty()) {
      return FileImport.STORE_IN_USE;
    }
    try (OfflineStore store = opened.get()) {
      MongoClient client = store.client();
      store.services().answersWrittenDirectly();
      for (String existing : StoreServices.await(client.getCollections())) {
        StoreServices.await(client.dropCollection(existing));
      }
      JsonObject collections = manifest.getJsonObject("collections");
      for (String collection : collections.fieldNames()) {
        long n = load(client, collection, from.resolve(collection + ".jsonl"));
        if (n != collections.getLong(collection)) {
          err.println("perceive: " + collection + ".jsonl holds " + n + " documents, the manifest says " + collections.getLong(collection));
          return NOT_POSSIBLE;
        }
      }
      store.commit();
      RecountReport report = StoreServices.await(store.ingest().recountAll(null, read -> {}));
      if (report.busy() == 0) {
        store.services().everyAnswerCounted();
      }
      out.println("restored " + collections.fieldNames().size() + " collections from " + from + " (backup of "
          + manifest.getString("startedAt") + "); recounted " + report.recounted() + " rollup buckets from " + report.responses()
          + " responses");
      return 0;
    }
  }

  private static long load(MongoClient client, String collection, Path file) throws Exception {
    StoreServices.await(client.createCollection(collection));
    long n = 0;
    List<BulkOperation> batch = new ArrayList<>(BATCH);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        batch.add(BulkOperation.createInsert(new JsonObject(line)));
        n++;
        if (batch.size() == BATCH) {
          StoreServices.await(client.bulkWriteWithOptions(collection, batch, new BulkWriteOptions(true)));
          batch = new ArrayList<>(BATCH);
        }
      }
    }
    if (!batch.isEmpty()) {
      StoreServices.await(client.bulkWriteWithOptions(collection, batch, new BulkWriteOptions(true)));
    }
    return n;
  }
}
