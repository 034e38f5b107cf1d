package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Buckets;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;

/** A response as the {@code responses} collection stores it, with its bucket keys, and back. */
final class ResponseDocuments {

  private ResponseDocuments() {}

  static SurveyResponse fromDocument(JsonObject doc) {
    return new SurveyResponse(
        doc.getString("_id"),
        doc.getString("source"),
        doc.getString("sourceId"),
        doc.getString("service"),
        doc.getInteger("rating"),
        doc.getInteger("nps"),
        doc.getInteger("ces"),
        doc.getString("comment"),
        doc.getString("ticketId"),
        doc.getString("supportGroup"),
        doc.getString("agent"),
        doc.getBoolean("slaMet"),
        instant(doc.getLong("openedAt")),
        instant(doc.getLong("resolvedAt")),
        instant(doc.getLong("respondedAt")),
        doc.getInteger("lostMinutes"),
        doc.getString("ticketType"),
        doc.getString("provider"));
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  static JsonObject toDocument(SurveyResponse r, ZoneId zone) {
    Buckets b = Buckets.of(r.respondedAt(), zone);
    JsonObject doc =
        new JsonObject()
            .put("_id", r.id())
            .put("source", r.source())
            .put("service", r.service())
            .put("rating", r.rating())
            .put("respondedAt", r.respondedAt().toEpochMilli())
            .put("day", b.day())
            .put("dayStart", b.dayStart())
            .put("weekStart", b.weekStart())
            .put("monthStart", b.monthStart())
            .put("scored", false)
            .put("rolledUp", false)
            .put("storedAt", System.currentTimeMillis());
    putIfPresent(doc, "sourceId", r.sourceId());
    putIfPresent(doc, "nps", r.nps());
    putIfPresent(doc, "ces", r.ces());
    putIfPresent(doc, "comment", r.comment());
    putIfPresent(doc, "ticketId", r.ticketId());
    r.attributions().putInto(doc);
    putIfPresent(doc, "slaMet", r.slaMet());
    putIfPresent(doc, "lostMinutes", r.lostMinutes());
    putIfPresent(doc, "openedAt", millis(r.openedAt()));
    putIfPresent(doc, "resolvedAt", millis(r.resolvedAt()));
    return doc;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static void putIfPresent(JsonObject doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value);
    }
  }
}
