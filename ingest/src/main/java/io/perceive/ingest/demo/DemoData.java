package io.perceive.ingest.demo;

import io.perceive.analytics.rollup.Metric;
import io.perceive.ingest.catalogue.ServiceEntry;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.survey.Invitation;
import io.perceive.ingest.survey.InvitationService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A year of believable survey responses for a demo or a trial: 24 IT services with their support
 * groups and agents, comments that praise, complain and mix the competency dimensions, some weak
 * spots and some trends. The same seed always gives the same data.
 *
 * <p>What is built in, so a new user sees it on the dashboards: VPN is slow (timeliness
 * complaints, lower ratings); the ERP service declines through the year; the Service Desk
 * improves; one agent in Network Operations is curt (courtesy complaints); Email is solid; service
 * requests wait longest and the deskside outsourcer is perceived worse ({@link DemoAttributions}).
 */
public final class DemoData {

  /** A service, its support group and agents, its base satisfaction and its drift over a year. */
  record ServiceProfile(String name, String group, List<String> agents, double quality, double drift, int weight) {}

  static final List<ServiceProfile> SERVICES =
      List.of(
          new ServiceProfile("Service Desk", "Service Desk L1", List.of("Alex M.", "Priya S.", "Tom B.", "Lena K."), 0.60, 0.32, 18),
          new ServiceProfile("Email", "Messaging", List.of("Chen W.", "Sara L."), 0.86, 0.0, 10),
          new ServiceProfile("VPN", "Network Operations", List.of("Jordan K.", "Omar F."), 0.48, 0.0, 9),
          new ServiceProfile("Wi-Fi", "Network Operations", List.of("Jordan K.", "Omar F."), 0.70, 0.0, 6),
          new ServiceProfile("Laptop Provisioning", "End User Computing", List.of("Maria G.", "Ben T."), 0.78, 0.0, 7),
          new ServiceProfile("Printing", "End User Computing", List.of("Maria G.", "Ben T."), 0.66, 0.0, 5),
          new ServiceProfile("ERP (SAP)", "Business Applications", List.of("Hans R.", "Nadia P."), 0.78, -0.50, 8),
          new ServiceProfile("CRM", "Business Applications", List.of("Hans R.", "Nadia P."), 0.75, 0.0, 4),
          new ServiceProfile("HR Portal", "Business Applications", List.of("Nadia P."), 0.72, 0.0, 3),
          new ServiceProfile("Identity & Access", "Security Operations", List.of("Ivy C.", "Raj P."), 0.74, 0.0, 6),
          new ServiceProfile("Password Reset", "Service Desk L1", List.of("Alex M.", "Priya S."), 0.88, 0.0, 8),
          new ServiceProfile("Microsoft Teams", "Collaboration", List.of("Chen W.", "Eva D."), 0.82, 0.0, 5),
          new ServiceProfile("SharePoint", "Collaboration", List.of("Eva D."), 0.69, 0.0, 3),
          new ServiceProfile("Telephony", "Collaboration", List.of("Eva D.", "Omar F."), 0.73, 0.0, 3),
          new ServiceProfile("Mobile Devices", "End User Computing", List.of("Ben T."), 0.77, 0.0, 4),
          new ServiceProfile("Software Requests", "End User Computing", List.of("Maria G."), 0.64, 0.0, 5),
          new ServiceProfile("File Storage", "Infrastructure", List.of("Kurt H.", "Lia N."), 0.79, 0.0, 3),
          new ServiceProfile("Backup & Restore", "Infrastructure", List.of("Kurt H."), 0.81, 0.0, 2),
          new ServiceProfile("Data Warehouse", "Data Platform", List.of("Sven A.", "Mia J."), 0.70, 0.0, 2),
          new ServiceProfile("Reporting (BI)", "Data Platform", List.of("Mia J."), 0.68, 0.0, 3),
          new ServiceProfile("Video Conferencing", "Collaboration", List.of("Eva D.", "Chen W."), 0.76, 0.0, 3),
          new ServiceProfile("Onboarding", "Service Desk L2", List.of("Tom B.", "Lena K."), 0.71, 0.0, 4),
          new ServiceProfile("Website & Intranet", "Digital", List.of("Noah V."), 0.74, 0.0, 2),
          new ServiceProfile("Cloud Hosting", "Infrastructure", List.of("Lia N.", "Kurt H."), 0.83, 0.0, 2));

  private static final String[] PRAISE = {
    "Very helpful, thank you!",
    "Fixed quickly and the technician was really friendly.",
    "Great service, kept me informed the whole time.",
    "Knew exactly what they were doing, problem solved in minutes.",
    "Thanks, all working now.",
    "Excellent support, very patient with me.",
    "Quick response and clear explanation of what went wrong.",
    "Solved on the first call, brilliant.",
  };
  private static final String[] COMPLAINT = {
    "Took three days to get a reply.",
    "Still broken, the ticket was closed without fixing anything.",
    "Nobody told me what was happening, no update for a week.",
    "The engineer was rude and dismissive.",
    "I had to explain the problem twice, they did not seem to know the system.",
    "Waited far too long, this stopped my work for two days.",
    "The workaround does not work and the issue came back.",
    "Very slow, I am still waiting for a proper fix.",
  };
  private static final String[] MIXED = {
    "Fast but rude.",
    "Friendly technician, but it took ages to get a response.",
    "Never kept me informed, but in the end it was fixed.",
    "They knew what they were doing, shame about the long wait.",
    "Polite and helpful, but the problem came back the next day.",
    "Quick fix, although nobody explained what had been changed.",
  };
  private static final String[] NEUTRAL = {"ok", "Fine.", "Nothing.", "n/a", "As expected."};
  private static final String[] SLOW = {
    "VPN tickets always take days, very slow response.",
    "Waited four days for someone to look at the VPN problem.",
    "Connection dropped again, and the wait for support was far too long.",
  };
  private static final String[] CURT = {
    "The technician was curt and impatient with me.",
    "Problem fixed but the engineer was quite rude on the phone.",
  };

  private DemoData() {}

  /**
   * The demo's service catalogue: owners, support groups, targets and SLA targets for a few
   * services. Printing and Software Requests resolve most tickets within their SLA while their
   * customers stay below target: the watermelons. VPN is held to what its comments say too
   * (overall and on timeliness: clearly positive on average) and to a ceiling on lost time.
   */
  public static List<ServiceEntry> catalogue() {
    return List.of(
        entry("Service Desk", "Ana Ruiz", "First-line support by phone, chat and portal", 0.90, Map.of(Metric.CSAT, 0.80, Metric.NPS, 10.0)),
        entry("VPN", "Marc Dubois", "Remote access for staff and contractors", 0.75, Map.of(Metric.CSAT, 0.75, Metric.LOST_TIME, 30.0),
            Map.of("sentiment", 0.4, "timeliness", 0.3)),
        entry("Email", "Chen Wei", "Mailboxes, calendars and distribution lists", 0.75, Map.of(Metric.CSAT, 0.85)),
        entry("Printing", "Maria Garcia", "Office printers, scanners and print queues", 0.75, Map.of(Metric.CSAT, 0.80)),
        entry("Software Requests", "Maria Garcia", "Installing and licensing approved software", 0.75, Map.of(Metric.CSAT, 0.80)),
        entry("ERP (SAP)", "Hans Richter", "Finance, procurement and logistics in SAP", 0.80, Map.of(Metric.CSAT, 0.78, Metric.CES, 5.0)),
        entry("Password Reset", "Ana Ruiz", "Self-service and assisted password resets", 0.90, Map.of(Metric.CSAT, 0.85)));
  }

  private static ServiceEntry entry(String service, String owner, String description, double sla, Map<Metric, Double> targets) {
    return entry(service, owner, description, sla, targets, Map.of());
  }

  private static ServiceEntry entry(
      String service, String owner, String description, double sla, Map<Metric, Double> targets, Map<String, Double> comments) {
    ServiceProfile p = SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    return new ServiceEntry(service, owner, description, List.of(p.group()), sla, targets, comments, 0, null, null);
  }

  /** The demo's annotations: two improvement actions and two incidents ({@link DemoEvents}). */
  public static List<io.perceive.ingest.annotation.Annotation> annotations(Instant end) {
    return DemoEvents.annotations(end);
  }

  /** {@code count} responses spread over the year that ends at {@code end}. */
  public static List<SurveyResponse> generate(long seed, Instant end, int count) {
    return generate(seed, end, count, true);
  }

  /**
   * As {@link #generate(long, Instant, int)}; without {@code trends} no service drifts and no
   * event has an effect (the ERP and Service Desk trends, the Email outage's dip and the Password
   * Reset portal's relief are left out, all else is the same), which is what a check of false
   * discoveries needs.
   */
  public static List<SurveyResponse> generate(long seed, Instant end, int count, boolean trends) {
    Random picker = new Random(seed);
    int totalWeight = SERVICES.stream().mapToInt(ServiceProfile::weight).sum();
    Instant start = end.minus(Duration.ofDays(365));
    long spanMillis = Duration.between(start, end).toMillis();
    List<SurveyResponse> out = new ArrayList<>(count);
    // Each service draws from a stream of its own, so changing one service's profile leaves the
    // answers of the others as they were.
    Map<String, Random> streams = new HashMap<>();
    for (int k = 0; k < SERVICES.size(); k++) {
      streams.put(SERVICES.get(k).name(), new Random(seed * 1_000_003L + k));
    }
    // Lost time and the events' effects draw from streams of their own too, so the answers
    // they do not touch stay as they were.
    Random lost = new Random(seed * 7_919L + 17);
    Random effects = new Random(seed * 104_729L + 29);
    DemoAttributions attributions = new DemoAttributions(seed);
    for (int i = 0; i < count; i++) {
      ServiceProfile s = pick(picker, totalWeight);
      Random random = streams.get(s.name());
      double progress = random.nextDouble();
      Instant respondedAt = start.plusMillis((long) (progress * spanMillis));
      String agent = s.agents().get(random.nextInt(s.agents().size()));
      boolean curtAgent = agent.equals("Jordan K.");
      double drift = trends ? s.drift() : 0;
      double quality = s.quality() + drift * (progress - 0.5) - (curtAgent ? 0.12 : 0);
      int rating = rating(random, quality);
      Integer nps = random.nextDouble() < 0.6 ? nps(random, rating) : null;
      // CES as agreement that the issue was easy to handle, 1-7, 7 easiest: it follows the rating.
      Integer ces = random.nextDouble() < 0.4 ? Math.max(1, Math.min(7, rating + random.nextInt(3))) : null;
      String comment = comment(random, rating, s, curtAgent);
      Duration handling = Duration.ofMinutes(10 + random.nextInt(s.name().equals("VPN") ? 6000 : 2000));
      Instant resolvedAt = respondedAt.minus(Duration.ofMinutes(5 + random.nextInt(600)));
      Instant openedAt = resolvedAt.minus(handling);
      boolean slaMet = handling.toHours() < 24 || random.nextDouble() < 0.3;
      String ticketId = String.format("INC%07d", 1_000_000 + i);
      double dip = trends ? DemoEvents.dip(s.name(), respondedAt, end) : 0;
      if (dip > 0) {
        rating = rating(effects, quality - dip);
        nps = effects.nextDouble() < 0.6 ? nps(effects, rating) : null;
        ces = effects.nextDouble() < 0.4 ? Math.max(1, Math.min(7, rating + effects.nextInt(3))) : null;
        comment = comment(effects, rating, s, curtAgent);
      }
      double relief = trends ? DemoEvents.lostRelief(s.name(), respondedAt, end) : 0;
      Integer lostMinutes = lostMinutes(lost, rating, handling, s.name().equals("VPN"), relief);
      String type = attributions.ticketType(s.name(), handling);
      out.add(
          new SurveyResponse(
              ResponseIds.of("demo", ticketId), "demo", ticketId, s.name(), rating, nps, ces, comment,
              ticketId, s.group(), agent, slaMet, openedAt, resolvedAt, respondedAt, lostMinutes, type,
              attributions.provider(s.name(), type, rating, handling)));
    }
    return out;
  }

  /**
   * The survey's lost-time answer (its choices: none, 15 min, 1 h, half a day, a day), given by
   * 60% of customers: more lost the longer the ticket took and the less happy the customer; a VPN
   * outage stops people working; {@code relief} is what an improvement takes off.
   */
  private static Integer lostMinutes(Random random, int rating, Duration handling, boolean vpn, double relief) {
    if (random.nextDouble() >= 0.6) {
      return null;
    }
    double load =
        (5 - rating) / 4.0 + Math.min(1.0, handling.toHours() / 48.0) + (vpn ? 0.5 : 0) - relief + random.nextGaussian() * 0.4;
    int[] choices = {0, 15, 60, 240, 480};
    return choices[(int) Math.max(0, Math.min(4, Math.round(load * 2)))];
  }

  /** Share of invitations answered in the demo: most services alike, VPN's customers answer less. */
  static double responseRate(String service) {
    return switch (service) {
      case "VPN" -> 0.22;
      case "Password Reset" -> 0.48;
      default -> 0.36;
    };
  }

  /**
   * The invitations behind the demo's answers of the last {@code window}: one answered invitation
   * per answer, sent when its ticket was resolved, and enough unanswered ones around it for the
   * service's response rate ({@link #responseRate}); of those, 3% were cancelled (a reopened
   * ticket) and 5% skipped for fatigue. Invitations of the last days are still open.
   */
  public static List<Invitation> invitations(long seed, Instant end, List<SurveyResponse> answers, Duration window) {
    Random random = new Random(seed ^ 0x5eed1a7e5L);
    Instant from = end.minus(window);
    long spanMillis = window.toMillis();
    List<Invitation> out = new ArrayList<>();
    int unanswered = 0;
    for (SurveyResponse r : answers) {
      if (r.respondedAt().isBefore(from) || r.resolvedAt() == null || r.resolvedAt().isBefore(from)) {
        continue;
      }
      out.add(invitation(r.ticketId(), r, r.resolvedAt(), Invitation.Status.ANSWERED, null, r.respondedAt(), null));
      double rate = responseRate(r.service());
      double extra = (1 - rate) / rate;
      int extras = (int) extra + (random.nextDouble() < extra - (int) extra ? 1 : 0);
      for (int k = 0; k < extras; k++) {
        Instant sent = from.plusMillis((long) (random.nextDouble() * spanMillis));
        String ticket = String.format("INC%07d", 5_000_000 + unanswered++);
        double fate = random.nextDouble();
        Instant cancelledAt = sent.plus(Duration.ofHours(6 + random.nextInt(60)));
        if (fate < 0.05) {
          out.add(invitation(ticket, r, sent, Invitation.Status.SKIPPED, Invitation.SkipReason.FATIGUE, null, null));
        } else if (fate < 0.08 && cancelledAt.isBefore(end)) {
          out.add(invitation(ticket, r, sent, Invitation.Status.CANCELLED, null, null, cancelledAt));
        } else {
          out.add(invitation(ticket, r, sent, Invitation.Status.OPEN, null, null, null));
        }
      }
    }
    return out;
  }

  private static Invitation invitation(
      String ticket, SurveyResponse like, Instant sent, Invitation.Status status, Invitation.SkipReason skip,
      Instant answeredAt, Instant cancelledAt) {
    return new Invitation(
        InvitationService.idOf("demo", ticket), "demo", ticket, "c_demo-" + ticket, like.service(), like.supportGroup(),
        like.agent(), null, sent, like.slaMet(), "en", sent, sent.plus(Duration.ofDays(14)), status, skip, answeredAt,
        cancelledAt, like.ticketType(), like.provider());
  }

  private static ServiceProfile pick(Random random, int totalWeight) {
    int r = random.nextInt(totalWeight);
    for (ServiceProfile s : SERVICES) {
      r -= s.weight();
      if (r < 0) {
        return s;
      }
    }
    throw new IllegalStateException("weights are positive");
  }

  /** A 1-5 rating whose chance of being 4-5 is about {@code quality}. */
  private static int rating(Random random, double quality) {
    double q = Math.max(0.05, Math.min(0.98, quality));
    if (random.nextDouble() < q) {
      return random.nextDouble() < 0.65 ? 5 : 4;
    }
    double r = random.nextDouble();
    return r < 0.35 ? 3 : r < 0.7 ? 2 : 1;
  }

  private static int nps(Random random, int rating) {
    int base = switch (rating) {
      case 5 -> 9;
      case 4 -> 7;
      case 3 -> 5;
      case 2 -> 3;
      default -> 1;
    };
    return Math.max(0, Math.min(10, base + random.nextInt(3) - 1 + (rating == 5 ? random.nextInt(2) : 0)));
  }

  private static String comment(Random random, int rating, ServiceProfile s, boolean curtAgent) {
    if (random.nextDouble() > 0.45) {
      return null;
    }
    if (curtAgent && rating <= 3 && random.nextDouble() < 0.6) {
      return CURT[random.nextInt(CURT.length)];
    }
    if (s.name().equals("VPN") && rating <= 3 && random.nextDouble() < 0.6) {
      return SLOW[random.nextInt(SLOW.length)];
    }
    double r = random.nextDouble();
    if (rating >= 4) {
      return r < 0.75 ? PRAISE[random.nextInt(PRAISE.length)]
          : r < 0.9 ? NEUTRAL[random.nextInt(NEUTRAL.length)] : MIXED[random.nextInt(MIXED.length)];
    }
    if (rating == 3) {
      return r < 0.6 ? MIXED[random.nextInt(MIXED.length)] : COMPLAINT[random.nextInt(COMPLAINT.length)];
    }
    return r < 0.85 ? COMPLAINT[random.nextInt(COMPLAINT.length)] : MIXED[random.nextInt(MIXED.length)];
  }
}
