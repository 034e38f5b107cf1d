package io.perceive.ingest.rollup;

import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a response is attributed to besides its service, frozen when its ticket was resolved: the
 * support group and agent that worked it, the kind of ticket, and who delivered. Each names one
 * {@link Segment}; null where the response does not say.
 */
public record Attributions(String supportGroup, String agent, String ticketType, String provider) {

  public static final Attributions NONE = new Attributions(null, null, null, null);

  /** The response fields that hold them, in {@link Segment} order (for projections). */
  public static final List<String> FIELDS = Arrays.stream(Segment.values()).map(Segment::field).toList();

  /** Reads them from a response document (or any JSON with the same field names). */
  public static Attributions of(JsonObject doc) {
    return new Attributions(
        doc.getString(Segment.GROUP.field()), doc.getString(Segment.AGENT.field()), doc.getString(Segment.TYPE.field()),
        doc.getString(Segment.PROVIDER.field()));
  }

  /** The name of this response's segment of that kind, or null. */
  public String name(Segment kind) {
    return switch (kind) {
      case GROUP -> supportGroup;
      case AGENT -> agent;
      case TYPE -> ticketType;
      case PROVIDER -> provider;
    };
  }

  /** The segments it names (blank names are none), in {@link Segment} order. */
  public Map<Segment, String> named() {
    Map<Segment, String> out = new EnumMap<>(Segment.class);
    for (Segment kind : Segment.values()) {
      String name = name(kind);
      if (name != null && !name.isBlank()) {
        out.put(kind, name);
      }
    }
    return out;
  }

  /** Puts the attributions it has on a document under their field names. */
  public JsonObject putInto(JsonObject doc) {
    for (Segment kind : Segment.values()) {
      if (name(kind) != null) {
        doc.put(kind.field(), name(kind));
      }
    }
    return doc;
  }
}
