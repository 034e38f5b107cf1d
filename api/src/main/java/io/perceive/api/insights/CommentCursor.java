package io.perceive.api.insights;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.ResponseRepository.After;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code next} of a page of comments: where the page ended, the period of the first page
 * (so a default "last 365 days" does not move under a reader paging through it), and a digest
 * of the filters, so a cursor is refused on a query it was not given for. Opaque to clients:
 * base64url of a small JSON object, which they hand back unchanged.
 */
record CommentCursor(long from, long to, After after, String filters) {

  private static final int MAX_CHARS = 1_000;

  String encode() {
    JsonObject json =
        new JsonObject()
            .put("f", from)
            .put("t", to)
            .put("at", after.respondedAt())
            .put("id", after.id())
            .put("q", filters);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client sent back, checked against the filters of its request. */
  static CommentCursor decode(String text, String filters) {
    if (text.length() > MAX_CHARS) {
      throw bad();
    }
    try {
      JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      Object from = json.getValue("f");
      Object to = json.getValue("t");
      Object at = json.getValue("at");
      Object id = json.getValue("id");
      if (!(from instanceof Number f) || !(to instanceof Number t) || !(at instanceof Number a) || !(id instanceof String i)) {
        throw bad();
      }
      if (!filters.equals(json.getValue("q"))) {
        throw new BadInputException(
            "cursor", "cursor belongs to a query with other filters (dimension, polarity, service, group, agent, type, provider); start again without it");
      }
      return new CommentCursor(f.longValue(), t.longValue(), new After(a.longValue(), i), filters);
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw bad();
    }
  }

  private static BadInputException bad() {
    return new BadInputException("cursor", "cursor is not one this API gave out: pass the next of the previous page unchanged");
  }
}
