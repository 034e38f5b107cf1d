package io.perceive.ingest.annotation;

import io.vertx.core.Future;
import java.util.List;

/** Annotations: improvement actions, incidents, changes and communications. */
public interface AnnotationRepository {

  /** Stores a new annotation (its id must be new). */
  Future<Annotation> insert(Annotation annotation);

  /** The annotation of this id, or null. */
  Future<Annotation> find(String id);

  /** Replaces a stored annotation; false when there is none of its id. */
  Future<Boolean> replace(Annotation annotation);

  /** Deletes one; false when there was none. */
  Future<Boolean> delete(String id);

  /** Every annotation, by start. */
  Future<List<Annotation>> all();
}
