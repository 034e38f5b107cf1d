package io.perceive.api.catalogue;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.catalogue.ServiceEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A catalogue entry from a client's JSON and back; a 400 names the field that is wrong. */
final class ServiceEntries {

  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2_000;
  static final int MAX_GROUPS = 100;
  private static final Set<String> FIELDS = Set.of("owner", "description", "supportGroups", "slaTarget", "targets");

  private ServiceEntries() {}

  /** The service name of a path: 1-200 characters, no control characters. */
  static String serviceName(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException("service", "service must be a name of 1-200 characters without control characters");
    }
    return name;
  }

  static ServiceEntry parse(String service, JsonObject json) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String owner = text(json, "owner", MAX_NAME);
    String description = text(json, "description", MAX_DESCRIPTION);
    List<String> groups = new ArrayList<>();
    Object rawGroups = json.getValue("supportGroups");
    if (rawGroups != null) {
      if (!(rawGroups instanceof JsonArray array) || array.size() > MAX_GROUPS) {
        throw new BadInputException("supportGroups", "supportGroups must be a list of at most " + MAX_GROUPS + " group names");
      }
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof String g) || g.isBlank() || g.strip().length() > MAX_NAME) {
          throw new BadInputException("supportGroups/" + i, "supportGroups/" + i + " must be a group name of 1-200 characters");
        }
        groups.add(g.strip());
      }
    }
    Double sla = null;
    Object rawSla = json.getValue("slaTarget");
    if (rawSla != null) {
      if (!(rawSla instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
        throw new BadInputException("slaTarget", "slaTarget must be the share of tickets resolved in time, from 0 to 1");
      }
      sla = n.doubleValue();
    }
    Map<Metric, Double> targets = new EnumMap<>(Metric.class);
    Map<String, Double> commentTargets = new java.util.TreeMap<>();
    Object rawTargets = json.getValue("targets");
    if (rawTargets != null) {
      if (!(rawTargets instanceof JsonObject byMetric)) {
        throw new BadInputException("targets", "targets must map metrics to targets, such as {\"csat\": 0.85}");
      }
      for (String name : byMetric.fieldNames()) {
        String field = "targets/" + name;
        boolean comment = Targets.COMMENT_MEASURES.contains(name);
        if (!comment && Metric.parse(name).isEmpty()) {
          throw new BadInputException(
              field, field + ": unknown metric; allowed: " + Metric.allowed() + ", " + String.join(", ", Targets.COMMENT_MEASURES));
        }
        if (!(byMetric.getValue(name) instanceof Number n)) {
          throw new BadInputException(field, field + " must be a number");
        }
        try {
          if (comment) {
            Targets.checkCommentScale(field, name, n.doubleValue());
            commentTargets.put(name, n.doubleValue());
          } else {
            Targets.checkScale(field, Metric.parse(name).orElseThrow(), n.doubleValue());
            targets.put(Metric.parse(name).orElseThrow(), n.doubleValue());
          }
        } catch (IllegalArgumentException e) {
          throw new BadInputException(field, e.getMessage());
        }
      }
    }
    return new ServiceEntry(service, owner, description, groups, sla, targets, commentTargets, 0, null, null);
  }

  private static String text(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.strip().length() > max) {
      throw new BadInputException(field, field + " must be text of 1-" + max + " characters");
    }
    return s.strip();
  }

  static JsonObject json(ServiceEntry e) {
    JsonObject targets = new JsonObject();
    e.targets().forEach((metric, value) -> targets.put(metric.label(), value));
    e.commentTargets().forEach(targets::put);
    return new JsonObject()
        .put("service", e.service())
        .put("owner", e.owner())
        .put("description", e.description())
        .put("supportGroups", new JsonArray(new ArrayList<>(e.supportGroups())))
        .put("slaTarget", e.slaTarget())
        .put("targets", targets)
        .put("version", e.version())
        .put("changedBy", e.changedBy())
        .put("changedAt", e.changedAt() == null ? null : e.changedAt().toString());
  }

  static JsonObject json(ServiceEntry.Version v) {
    JsonObject out = new JsonObject()
        .put("version", v.version())
        .put("deleted", v.deleted())
        .put("changedBy", v.changedBy())
        .put("changedAt", v.changedAt().toString());
    if (v.entry() != null) {
      JsonObject entry = json(v.entry());
      for (String key : List.of("owner", "description", "supportGroups", "slaTarget", "targets")) {
        out.put(key, entry.getValue(key));
      }
    }
    return out;
  }
}
