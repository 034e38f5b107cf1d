package io.perceive.ingest.catalogue;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The catalogue in the {@code catalogue} collection: one document per service ({@code _id} is
 * its name) holding the entry in force and, in {@code versions}, every change with who made it
 * and when. A change is one conditional update on the version it read (optimistic), so two
 * admins saving at once both land, one after the other, and no version is lost; the history sits
 * in the same document, so an entry and its history never disagree (no transactions needed).
 * The collection is read whole (a catalogue holds hundreds of services, not millions).
 */
public final class MongoCatalogueRepository implements CatalogueRepository {

  public static final String COLLECTION = "catalogue";

  /** Read by {@code _id}, or whole: no index beyond {@code _id}. */
  public static final Schema SCHEMA = new Schema(Set.of(COLLECTION), List.of(), List.of());

  private static final int ATTEMPTS = 5;

  private final MongoClient mongo;

  public MongoCatalogueRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  @Override
  public Future<List<ServiceEntry>> all() {
    return mongo
        .findWithOptions(COLLECTION, new JsonObject(), new FindOptions().setFields(new JsonObject().put("versions", 0)))
        .map(docs -> docs.stream()
            .filter(d -> !d.getBoolean("deleted", false))
            .map(MongoCatalogueRepository::current)
            .sorted(Comparator.comparing(ServiceEntry::service))
            .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<ServiceEntry> find(String service) {
    return mongo
        .findOne(COLLECTION, byId(service), new JsonObject().put("versions", 0))
        .map(doc -> doc == null || doc.getBoolean("deleted", false) ? null : current(doc))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<ServiceEntry> put(ServiceEntry entry, String by, Instant at) {
    return change(entry.service(), entry, by, at, ATTEMPTS)
        .map(version -> entry.as(version, by, at))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Boolean> delete(String service, String by, Instant at) {
    return mongo
        .findOne(COLLECTION, byId(service), new JsonObject().put("versions", 0))
        .compose(doc -> doc == null || doc.getBoolean("deleted", false)
            ? Future.succeededFuture(false)
            : change(service, null, by, at, ATTEMPTS).map(v -> true))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<ServiceEntry.Version>> versions(String service) {
    return mongo
        .findOne(COLLECTION, byId(service), null)
        .map(doc -> {
          List<ServiceEntry.Version> out = new ArrayList<>();
          if (doc != null) {
            for (Object v : doc.getJsonArray("versions", new JsonArray())) {
              out.add(version(service, (JsonObject) v));
            }
          }
          out.sort(Comparator.comparingInt(ServiceEntry.Version::version).reversed());
          return out;
        })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Integer> seed(Map<String, Map<Metric, Double>> targets, String by, Instant at) {
    Future<Integer> added = Future.succeededFuture(0);
    for (Map.Entry<String, Map<Metric, Double>> e : targets.entrySet()) {
      ServiceEntry entry = new ServiceEntry(e.getKey(), null, null, List.of(), null, e.getValue(), 0, null, null);
      added = added.compose(n -> mongo
          .insert(COLLECTION, document(entry, 1, false, by, at))
          .map(id -> n + 1)
          // Already there (kept, changed or deleted by an admin, or seeded by another instance).
          .recover(err -> StoreErrors.isDuplicateKey(err) ? Future.succeededFuture(n) : Future.failedFuture(err)));
    }
    return added.recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** Makes {@code entry} (null: a deletion) the next version; answers its number. */
  private Future<Integer> change(String service, ServiceEntry entry, String by, Instant at, int attempts) {
    return mongo
        .findOne(COLLECTION, byId(service), new JsonObject().put("version", 1))
        .compose(doc -> {
          if (doc == null) {
            if (entry == null) {
              return Future.succeededFuture(0);
            }
            return mongo
                .insert(COLLECTION, document(entry, 1, false, by, at))
                .map(id -> 1)
                .recover(err -> StoreErrors.isDuplicateKey(err) && attempts > 1
                    ? change(service, entry, by, at, attempts - 1)
                    : Future.failedFuture(err));
          }
          int read = doc.getInteger("version", 0);
          int next = read + 1;
          JsonObject version = versionDoc(entry, next, by, at);
          JsonObject set = new JsonObject()
              .put("version", next)
              .put("deleted", entry == null)
              .put("changedBy", by)
              .put("changedAt", at.toEpochMilli());
          if (entry != null) {
            set.put("entry", content(entry));
          }
          JsonObject update = new JsonObject().put("$set", set).put("$push", new JsonObject().put("versions", version));
          return mongo
              .updateCollection(COLLECTION, byId(service).put("version", read), update)
              .compose(result -> {
                if (result.getDocMatched() == 1) {
                  return Future.succeededFuture(next);
                }
                // Another change landed between the read and the update: build on it.
                return attempts > 1
                    ? change(service, entry, by, at, attempts - 1)
                    : Future.failedFuture(new IllegalStateException("catalogue entry kept changing concurrently"));
              });
        });
  }

  private static JsonObject byId(String service) {
    return new JsonObject().put("_id", service);
  }

  private static JsonObject document(ServiceEntry entry, int version, boolean deleted, String by, Instant at) {
    return new JsonObject()
        .put("_id", entry.service())
        .put("version", version)
        .put("deleted", deleted)
        .put("entry", content(entry))
        .put("changedBy", by)
        .put("changedAt", at.toEpochMilli())
        .put("versions", new JsonArray().add(versionDoc(entry, version, by, at)));
  }

  private static JsonObject versionDoc(ServiceEntry entry, int version, String by, Instant at) {
    JsonObject v = new JsonObject().put("version", version).put("deleted", entry == null).put("changedBy", by).put("changedAt", at.toEpochMilli());
    if (entry != null) {
      v.put("entry", content(entry));
    }
    return v;
  }

  /** What an entry says, as stored: absent fields left out. */
  static JsonObject content(ServiceEntry entry) {
    JsonObject targets = new JsonObject();
    entry.targets().forEach((metric, value) -> targets.put(metric.label(), value));
    entry.commentTargets().forEach(targets::put);
    JsonObject out = new JsonObject()
        .put("supportGroups", new JsonArray(new ArrayList<>(entry.supportGroups())))
        .put("targets", targets);
    if (entry.owner() != null) {
      out.put("owner", entry.owner());
    }
    if (entry.description() != null) {
      out.put("description", entry.description());
    }
    if (entry.slaTarget() != null) {
      out.put("slaTarget", entry.slaTarget());
    }
    return out;
  }

  private static ServiceEntry current(JsonObject doc) {
    return entry(doc.getString("_id"), doc.getJsonObject("entry", new JsonObject()), doc.getInteger("version", 0),
        doc.getString("changedBy"), doc.getLong("changedAt"));
  }

  private static ServiceEntry.Version version(String service, JsonObject v) {
    boolean deleted = v.getBoolean("deleted", false);
    ServiceEntry entry = deleted
        ? null
        : entry(service, v.getJsonObject("entry", new JsonObject()), v.getInteger("version", 0), v.getString("changedBy"),
            v.getLong("changedAt"));
    return new ServiceEntry.Version(
        v.getInteger("version", 0), deleted, entry, v.getString("changedBy"), Instant.ofEpochMilli(v.getLong("changedAt", 0L)));
  }

  private static ServiceEntry entry(String service, JsonObject content, int version, String by, Long at) {
    Map<Metric, Double> targets = new EnumMap<>(Metric.class);
    Map<String, Double> commentTargets = new java.util.TreeMap<>();
    content.getJsonObject("targets", new JsonObject()).forEach(e -> {
      double value = ((Number) e.getValue()).doubleValue();
      if (Targets.COMMENT_MEASURES.contains(e.getKey())) {
        commentTargets.put(e.getKey(), value);
      }
      // A metric an older or newer release knew and this one does not is skipped, not fatal.
      Metric.parse(e.getKey()).ifPresent(m -> targets.put(m, value));
    });
    List<String> groups = content.getJsonArray("supportGroups", new JsonArray()).stream().map(String::valueOf).toList();
    Number sla = content.getNumber("slaTarget");
    return new ServiceEntry(
        service, content.getString("owner"), content.getString("description"), groups,
        sla == null ? null : sla.doubleValue(), targets, commentTargets, version, by, at == null ? null : Instant.ofEpochMilli(at));
  }
}
