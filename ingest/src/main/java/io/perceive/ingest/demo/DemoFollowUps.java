package io.perceive.ingest.demo;

import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Works the demo's follow-ups as a desk would have: those of the last two days still open, older
 * ones contacted within hours to a day and a half (slower at some services), most of those past
 * a week closed, and a few forgotten, still open. Same seed, same states.
 */
final class DemoFollowUps {

  static final List<String> OWNERS = List.of("Priya N.", "Tom B.", "Lena W.");
  private static final Set<String> SLOW_TO_CALL = Set.of("VPN", "ERP");

  private DemoFollowUps() {}

  /** Completes with the number of follow-ups moved on. */
  static Future<Integer> work(MongoFollowUpRepository followUps, long seed, Instant end) {
    return followUps
        .list(new MongoFollowUpRepository.Query(0, end.toEpochMilli() + 1, "open", Set.of(), 0))
        .compose(open -> {
          List<Future<JsonObject>> moved = new ArrayList<>();
          for (JsonObject f : open) {
            JsonObject set = stateOf(f, seed, end);
            if (set != null) {
              moved.add(followUps.update(f.getString("_id"), "open", set));
            }
          }
          return Future.all(moved).map(v -> moved.size());
        });
  }

  /** What to set on an open follow-up, or null to leave it open. */
  static JsonObject stateOf(JsonObject f, long seed, Instant end) {
    long respondedAt = f.getLong("respondedAt");
    Duration age = Duration.ofMillis(end.toEpochMilli() - respondedAt);
    Random random = new Random(seed ^ f.getString("_id").hashCode());
    if (age.toHours() < 48 || random.nextDouble() < 0.08) {
      return null;
    }
    double hours = SLOW_TO_CALL.contains(f.getString("service")) ? 8 + random.nextDouble() * 28 : 1 + random.nextDouble() * 12;
    long contactedAt = respondedAt + (long) (hours * 3_600_000);
    String owner = OWNERS.get(random.nextInt(OWNERS.size()));
    JsonObject set =
        new JsonObject().put("status", "contacted").put("owner", owner).put("contactedAt", contactedAt)
            .put("updatedAt", contactedAt).put("updatedBy", "demo")
            .put("note", "Called the customer back about " + f.getString("ticketId") + ".");
    if (age.toDays() >= 7 && random.nextDouble() < 0.85) {
      long closedAt = contactedAt + (long) ((12 + random.nextDouble() * 60) * 3_600_000);
      set.put("status", "closed").put("closedAt", closedAt).put("updatedAt", closedAt)
          .put("note", "Called the customer back about " + f.getString("ticketId") + "; fixed what was left and closed.");
    }
    return set;
  }
}
