package io.perceive.ingest.annotation;

import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Annotations in the {@code annotations} collection, one document each under its id. Read by
 * {@code _id}, or whole: a desk records tens to hundreds a year, so listing reads them all.
 */
public final class MongoAnnotationRepository implements AnnotationRepository {

  public static final String COLLECTION = "annotations";

  /** By {@code _id} or whole: no index beyond {@code _id}. */
  public static final Schema SCHEMA = new Schema(Set.of(COLLECTION), List.of(), List.of());

  private final MongoClient mongo;

  public MongoAnnotationRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  @Override
  public Future<Annotation> insert(Annotation annotation) {
    return mongo
        .insert(COLLECTION, toDocument(annotation))
        .map(id -> annotation)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Annotation> find(String id) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .map(doc -> doc == null ? null : fromDocument(doc))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Boolean> replace(Annotation annotation) {
    return mongo
        .replaceDocuments(COLLECTION, new JsonObject().put("_id", annotation.id()), toDocument(annotation))
        .map(result -> result.getDocMatched() == 1)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return mongo
        .removeDocument(COLLECTION, new JsonObject().put("_id", id))
        .map(result -> result.getRemovedCount() == 1)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<Annotation>> all() {
    return mongo
        .find(COLLECTION, new JsonObject())
        .map(docs -> {
          List<Annotation> out = new ArrayList<>(docs.stream().map(MongoAnnotationRepository::fromDocument).toList());
          out.sort(Comparator.comparing(Annotation::start).thenComparing(Annotation::id));
          return out;
        })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  static JsonObject toDocument(Annotation a) {
    JsonObject doc = new JsonObject()
        .put("_id", a.id())
        .put("service", a.service())
        .put("kind", a.kind().label())
        .put("title", a.title())
        .put("start", a.start().toEpochMilli())
        .put("metrics", new JsonArray(new ArrayList<>(a.metrics())))
        .put("createdBy", a.createdBy())
        .put("createdAt", millis(a.createdAt()))
        .put("updatedBy", a.updatedBy())
        .put("updatedAt", millis(a.updatedAt()));
    if (a.description() != null) {
      doc.put("description", a.description());
    }
    if (a.end() != null) {
      doc.put("end", a.end().toEpochMilli());
    }
    if (a.communicated() != null) {
      doc.put("communicated", a.communicated());
    }
    return doc;
  }

  static Annotation fromDocument(JsonObject doc) {
    return new Annotation(
        doc.getString("_id"),
        doc.getString("service"),
        Annotation.Kind.parse(doc.getString("kind")).orElse(Annotation.Kind.CHANGE),
        doc.getString("title"),
        doc.getString("description"),
        instant(doc.getLong("start")),
        instant(doc.getLong("end")),
        doc.getJsonArray("metrics", new JsonArray()).stream().map(String::valueOf).toList(),
        doc.getBoolean("communicated"),
        doc.getString("createdBy"),
        instant(doc.getLong("createdAt")),
        doc.getString("updatedBy"),
        instant(doc.getLong("updatedAt")));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
