package io.perceive.api.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Locale;

/** The sections of the review page, each from its part of the pack. */
final class ReviewSections {

  private ReviewSections() {}

  static void services(ReviewPage p, JsonArray rows) {
    p.section("services", "Services, worst first");
    if (rows.isEmpty()) {
      empty(p, "No service has answers in this period.");
      return;
    }
    p.out().append("<table><thead><tr><th class=\"num\">#</th><th>Service</th><th class=\"num\">CSAT</th><th class=\"num\">Interval</th>"
        + "<th class=\"num\">Answers</th><th class=\"num\">Target</th><th>Status</th><th>Trend</th><th class=\"num\">Follow-up rate</th></tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = "services." + i + ".";
      p.out().append("<tr><td class=\"num\">").append(p.num(at + "rank", r.getValue("rank"), String.valueOf(r.getValue("rank"))))
          .append("</td><td>").append(ReviewPage.esc(r.getString("service"))).append("</td>")
          .append(estimateCells(p, at, r, "csat"))
          .append("<td class=\"num\">").append(p.num(at + "target", r.getValue("target"), format("csat", r.getDouble("target")))).append("</td>")
          .append("<td>").append(status(r.getString("status"))).append("</td><td>").append(ReviewPage.esc(r.getString("trend"))).append("</td>")
          .append("<td class=\"num\">").append(p.num(at + "followUpRate", r.getValue("followUpRate"), format("csat", r.getDouble("followUpRate"))))
          .append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void targets(ReviewPage p, JsonArray rows) {
    p.section("targets", "Targets against perceived values");
    if (rows.isEmpty()) {
      empty(p, "No target applies, or no answers in this period.");
      return;
    }
    p.out().append("<table><thead><tr><th>Service</th><th>Metric</th><th class=\"num\">Perceived</th><th class=\"num\">Interval</th>"
        + "<th class=\"num\">Answers</th><th class=\"num\">Target</th><th class=\"num\">Gap</th><th>Status</th></tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = "targets." + i + ".";
      String metric = r.getString("metric");
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("service"))).append("</td><td>").append(ReviewPage.esc(metric))
          .append("</td>").append(estimateCells(p, at, r, metric))
          .append("<td class=\"num\">").append(p.num(at + "target", r.getValue("target"), format(metric, r.getDouble("target")))).append("</td>")
          .append("<td class=\"num\">").append(p.num(at + "gap", r.getValue("gap"), gap(metric, r.getDouble("gap")))).append("</td>")
          .append("<td>").append(status(r.getString("status"))).append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void trend(ReviewPage p, JsonArray series, JsonArray tests, Double target, ZoneId zone) {
    p.section("trend", "CSAT over time, and whether it is really moving");
    p.out().append(ReviewCharts.trend(series, target, zone));
    p.out().append("<table><thead><tr><th>Service</th><th>Direction</th><th class=\"num\">Months</th><th class=\"num\">Kendall's tau</th>"
        + "<th class=\"num\">Sen's slope per month</th><th class=\"num\">p</th><th class=\"num\">q</th></tr></thead><tbody>");
    for (int i = 0; i < tests.size(); i++) {
      JsonObject r = tests.getJsonObject(i);
      String at = "trend." + i + ".";
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("service"))).append("</td><td>")
          .append(ReviewPage.esc(r.getString("direction"))).append("</td><td class=\"num\">")
          .append(p.num(at + "points", r.getValue("points"), String.valueOf(r.getValue("points")))).append("</td><td class=\"num\">")
          .append(p.num(at + "tau", r.getValue("tau"), fixed(r.getDouble("tau"), 2))).append("</td><td class=\"num\">")
          .append(p.num(at + "slopePerInterval", r.getValue("slopePerInterval"), gap("csat", r.getDouble("slopePerInterval"))))
          .append("</td><td class=\"num\">").append(p.num(at + "pValue", r.getValue("pValue"), pValue(r.getDouble("pValue"))))
          .append("</td><td class=\"num\">").append(p.num(at + "qValue", r.getValue("qValue"), pValue(r.getDouble("qValue"))))
          .append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void competency(ReviewPage p, JsonArray rows, boolean withRest) {
    p.section("competency", withRest ? "Competency profile against the rest of the organisation" : "Competency profile");
    p.out().append(ReviewCharts.profile(rows));
    p.out().append("<table><thead><tr><th>What comments say about</th><th class=\"num\">Mean sentiment</th><th class=\"num\">Interval</th>"
        + "<th class=\"num\">Mentions</th>").append(withRest ? "<th class=\"num\">Rest of the organisation</th>" : "").append("</tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = "competency." + i + ".";
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("dimension"))).append("</td>")
          .append(estimateCells(p, at, r, "sentiment"));
      if (withRest) {
        JsonObject rest = r.getJsonObject("rest");
        p.out().append("<td class=\"num\">")
            .append(p.num(at + "rest.value", rest.getValue("value"), format("sentiment", rest.getDouble("value")))).append("</td>");
      }
      p.out().append("</tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void keyDrivers(ReviewPage p, JsonArray rows) {
    p.section("key-drivers", "Key drivers of satisfaction");
    p.out().append("<table><thead><tr><th>Dimension</th><th class=\"num\">r</th><th class=\"num\">Interval</th><th class=\"num\">Answers</th>"
        + "<th class=\"num\">q</th><th>Driver</th></tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = "keyDrivers." + i + ".";
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("dimension"))).append("</td><td class=\"num\">")
          .append(p.num(at + "r", r.getValue("r"), fixed(r.getDouble("r"), 2))).append("</td><td class=\"num\">")
          .append(r.getValue("lower") == null ? "" : p.num(at + "lower", r.getValue("lower"), fixed(r.getDouble("lower"), 2)) + " – "
              + p.num(at + "upper", r.getValue("upper"), fixed(r.getDouble("upper"), 2)))
          .append("</td><td class=\"num\">")
          .append(p.num(at + "n", r.getValue("n"), String.valueOf(r.getValue("n")))).append("</td><td class=\"num\">")
          .append(p.num(at + "qValue", r.getValue("qValue"), pValue(r.getDouble("qValue")))).append("</td><td>")
          .append(r.getBoolean("suppressed", false) ? "too few answers" : r.getBoolean("driver", false) ? "yes" : "no")
          .append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void responseRate(ReviewPage p, JsonObject r) {
    p.section("response-rate", "Response rate");
    if (r.getBoolean("suppressed", true)) {
      empty(p, "Too few invitations in this period.");
      return;
    }
    p.out().append("<p>").append(p.num("responseRate.value", r.getValue("value"), format("csat", r.getDouble("value"))))
        .append(" of the invitations sent in the period were answered (interval ")
        .append(p.num("responseRate.lower", r.getValue("lower"), format("csat", r.getDouble("lower")))).append(" – ")
        .append(p.num("responseRate.upper", r.getValue("upper"), format("csat", r.getDouble("upper")))).append("): ")
        .append(p.num("responseRate.answered", r.getValue("answered"), String.valueOf(r.getValue("answered")))).append(" of ")
        .append(p.num("responseRate.n", r.getValue("n"), String.valueOf(r.getValue("n")))).append(".</p></section>");
  }

  static void lostTime(ReviewPage p, JsonObject r) {
    p.section("lost-time", "Lost time");
    if (r == null || r.getBoolean("suppressed", true)) {
      empty(p, "Too few answers said how much time they lost in this period.");
      return;
    }
    p.out().append("<p>Customers who said lost ")
        .append(p.num("lostTime.value", r.getValue("value"), fixed(r.getDouble("value"), 1))).append(" minutes per ticket on average (interval ")
        .append(p.num("lostTime.lower", r.getValue("lower"), fixed(r.getDouble("lower"), 1))).append(" – ")
        .append(p.num("lostTime.upper", r.getValue("upper"), fixed(r.getDouble("upper"), 1))).append(", from ")
        .append(p.num("lostTime.n", r.getValue("n"), String.valueOf(r.getValue("n")))).append(" answers): ")
        .append(p.num("lostTime.hoursLost", r.getValue("hoursLost"), fixed(r.getDouble("hoursLost"), 1)))
        .append(" hours lost in all.</p></section>");
  }

  static void improvementActions(ReviewPage p, JsonArray rows) {
    p.section("improvement-actions", "Improvement actions and their effect");
    if (rows == null || rows.isEmpty()) {
      empty(p, "No improvement action, incident or change is recorded in this period.");
      return;
    }
    p.out().append("<table><thead><tr><th>Action</th><th>Kind</th><th>From</th><th>Metric</th><th class=\"num\">Before</th>"
        + "<th class=\"num\">After</th><th class=\"num\">Difference</th><th class=\"num\">Interval</th><th class=\"num\">p</th>"
        + "<th class=\"num\">Answers</th><th>Verdict</th></tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = "improvementActions." + i + ".";
      String metric = r.getString("metric");
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("title"))).append("</td><td>").append(ReviewPage.esc(r.getString("kind")))
          .append("</td><td>").append(p.day(r.getLong("start"))).append("</td><td>").append(ReviewPage.esc(metric)).append("</td>")
          .append("<td class=\"num\">").append(p.num(at + "beforeValue", r.getValue("beforeValue"), format(metric, r.getDouble("beforeValue"))))
          .append("</td><td class=\"num\">").append(p.num(at + "afterValue", r.getValue("afterValue"), format(metric, r.getDouble("afterValue"))))
          .append("</td><td class=\"num\">").append(p.num(at + "difference", r.getValue("difference"), gap(metric, r.getDouble("difference"))))
          .append("</td><td class=\"num\">")
          .append(r.getValue("lower") == null ? "" : p.num(at + "lower", r.getValue("lower"), gap(metric, r.getDouble("lower"))) + " – "
              + p.num(at + "upper", r.getValue("upper"), gap(metric, r.getDouble("upper"))))
          .append("</td><td class=\"num\">").append(p.num(at + "pValue", r.getValue("pValue"), pValue(r.getDouble("pValue"))))
          .append("</td><td class=\"num\">").append(p.num(at + "nBefore", r.getValue("nBefore"), String.valueOf(r.getValue("nBefore"))))
          .append(" / ").append(p.num(at + "nAfter", r.getValue("nAfter"), String.valueOf(r.getValue("nAfter"))))
          .append("</td><td>").append(ReviewPage.esc(r.getString("verdict"))).append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void followUps(ReviewPage p, JsonObject r, JsonArray open) {
    p.section("follow-ups", "Follow-up of unhappy customers");
    p.out().append("<p>").append(p.num("followUps.followUps", r.getValue("followUps"), String.valueOf(r.getValue("followUps"))))
        .append(" follow-ups for ").append(p.num("followUps.answers", r.getValue("answers"), String.valueOf(r.getValue("answers"))))
        .append(" answers");
    if (!r.getBoolean("suppressed", true)) {
      p.out().append(" (a rate of ").append(p.num("followUps.value", r.getValue("value"), format("csat", r.getDouble("value")))).append(')');
    }
    p.out().append("; ").append(p.num("followUps.open", r.getValue("open"), String.valueOf(r.getValue("open")))).append(" open, ")
        .append(p.num("followUps.contacted", r.getValue("contacted"), String.valueOf(r.getValue("contacted")))).append(" contacted");
    if (r.getValue("medianHoursToContact") != null) {
      p.out().append(", after a median of ")
          .append(p.num("followUps.medianHoursToContact", r.getValue("medianHoursToContact"), fixed(r.getDouble("medianHoursToContact"), 1)))
          .append(" hours");
    }
    p.out().append(".</p>");
    if (open != null && !open.isEmpty()) {
      p.out().append("<table><thead><tr><th>Ticket</th><th>Service</th><th class=\"num\">Rating</th><th>Why</th><th>Answered</th><th>Owner</th></tr></thead><tbody>");
      for (int i = 0; i < open.size(); i++) {
        JsonObject f = open.getJsonObject(i);
        p.out().append("<tr><td>").append(ReviewPage.esc(f.getString("ticketId"))).append("</td><td>").append(ReviewPage.esc(f.getString("service")))
            .append("</td><td class=\"num\">").append(p.num("openFollowUps." + i + ".rating", f.getValue("rating"), String.valueOf(f.getValue("rating"))))
            .append("</td><td>").append(ReviewPage.esc(f.getString("reason"))).append("</td><td>").append(p.day(f.getLong("respondedAt")))
            .append("</td><td>").append(ReviewPage.esc(f.getString("owner"))).append("</td></tr>");
      }
      p.out().append("</tbody></table>");
    }
    p.out().append("</section>");
  }

  static void weak(ReviewPage p, String id, String heading, String field, JsonArray rows) {
    p.section(id, heading + " on CSAT against the rest (across services)");
    if (rows.isEmpty()) {
      empty(p, "None with enough answers in this period.");
      return;
    }
    p.out().append("<table><thead><tr><th>Name</th><th class=\"num\">CSAT</th><th class=\"num\">Interval</th><th class=\"num\">Answers</th>"
        + "<th class=\"num\">Rest</th><th class=\"num\">q</th><th>Weak</th></tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      String at = field + "." + i + ".";
      p.out().append("<tr><td>").append(ReviewPage.esc(r.getString("segment"))).append("</td>").append(estimateCells(p, at, r, "csat"))
          .append("<td class=\"num\">").append(p.num(at + "rest", r.getValue("rest"), format("csat", r.getDouble("rest")))).append("</td>")
          .append("<td class=\"num\">").append(p.num(at + "qValue", r.getValue("qValue"), pValue(r.getDouble("qValue")))).append("</td>")
          .append("<td>").append(r.getBoolean("weak", false) ? "<span class=\"status breached\">weak</span>" : "").append("</td></tr>");
    }
    p.out().append("</tbody></table></section>");
  }

  static void verbatims(ReviewPage p, JsonObject v) {
    p.section("verbatims", "What customers wrote");
    p.out().append("<div class=\"cols\">");
    for (String[] kind : new String[][] {{"negative", "Most negative"}, {"positive", "Most positive"}, {"typical", "Most typical"}}) {
      JsonArray rows = v.getJsonArray(kind[0]);
      p.out().append("<div id=\"verbatims-").append(kind[0]).append("\"><h3>").append(kind[1]).append("</h3>");
      if (rows.isEmpty()) {
        p.out().append("<p class=\"empty\">No comments.</p>");
      }
      for (int i = 0; i < rows.size(); i++) {
        JsonObject r = rows.getJsonObject(i);
        String at = "verbatims." + kind[0] + "." + i + ".";
        p.out().append("<blockquote><p>").append(ReviewPage.esc(r.getString("comment"))).append("</p><footer>")
            .append(ReviewPage.esc(r.getString("service"))).append(", rated ")
            .append(p.num(at + "rating", r.getValue("rating"), String.valueOf(r.getValue("rating")))).append(", sentiment ")
            .append(p.num(at + "sentiment", r.getValue("sentiment"), format("sentiment", r.getDouble("sentiment"))))
            .append(", ").append(p.day(r.getLong("time"))).append("</footer></blockquote>");
      }
      p.out().append("</div>");
    }
    p.out().append("</div></section>");
  }

  /** Perceived value, interval and n cells of an estimate row. */
  private static String estimateCells(ReviewPage p, String at, JsonObject r, String metric) {
    if (r.getBoolean("suppressed", false) || r.getValue("value") == null) {
      return "<td class=\"num\"><span class=\"status suppressed\">too few</span></td><td></td><td class=\"num\">"
          + p.num(at + "n", r.getValue("n"), String.valueOf(r.getValue("n"))) + "</td>";
    }
    return "<td class=\"num\">" + p.num(at + "value", r.getValue("value"), format(metric, r.getDouble("value"))) + "</td>"
        + "<td class=\"num\">" + p.num(at + "lower", r.getValue("lower"), format(metric, r.getDouble("lower"))) + " – "
        + p.num(at + "upper", r.getValue("upper"), format(metric, r.getDouble("upper"))) + "</td>"
        + "<td class=\"num\">" + p.num(at + "n", r.getValue("n"), String.valueOf(r.getValue("n"))) + "</td>";
  }

  private static void empty(ReviewPage p, String text) {
    p.out().append("<p class=\"empty\">").append(ReviewPage.esc(text)).append("</p></section>");
  }

  private static String status(String status) {
    return status == null ? "" : "<span class=\"status " + ReviewPage.esc(status) + "\">" + ReviewPage.esc(status) + "</span>";
  }

  /** A value on its metric's scale: shares as percentages, NPS in points, means with two decimals. */
  static String format(String metric, Double v) {
    if (v == null) {
      return "–";
    }
    return switch (metric) {
      case "csat" -> String.format(Locale.ROOT, "%.1f%%", v * 100);
      case "nps" -> String.format(Locale.ROOT, "%.1f", v);
      case "rating", "ces" -> String.format(Locale.ROOT, "%.2f", v);
      case "lostTime" -> String.format(Locale.ROOT, "%.1f min", v);
      default -> String.format(Locale.ROOT, "%+.2f", v);
    };
  }

  private static String gap(String metric, Double v) {
    if (v == null) {
      return "–";
    }
    return metric.equals("csat") ? String.format(Locale.ROOT, "%+.1f pts", v * 100) : String.format(Locale.ROOT, "%+.2f", v);
  }

  private static String fixed(Double v, int decimals) {
    return v == null ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pValue(Double v) {
    return v == null ? "–" : v < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", v);
  }
}
