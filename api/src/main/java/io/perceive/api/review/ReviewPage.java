package io.perceive.api.review;

import io.perceive.api.survey.Html;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The review pack as one printable HTML page, rendered on the server from the pack's JSON: no
 * script, no external asset, SVG charts, a print stylesheet for A4. Every number on it is an
 * HTML {@code <data>} element whose {@code value} is the JSON's number and whose
 * {@code data-field} is its path in the JSON answer ({@code targets.0.value}), so the page can
 * be checked against the API.
 */
public final class ReviewPage {

  static final String STYLE =
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2530;margin:0;background:#f4f6f8}"
          + "main{max-width:980px;margin:0 auto;padding:16px 24px 40px}"
          + "header{background:#17324d;color:#fff;padding:18px 24px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;opacity:.85}"
          + "section{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:12px 18px;margin:14px 0}"
          + "h2{font-size:17px;margin:4px 0 10px;color:#17324d}table{border-collapse:collapse;width:100%}"
          + "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6eaef;vertical-align:top}th{font-weight:600;color:#4a5866}"
          + "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
          + ".status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}"
          + ".breached{background:#fbe3e1;color:#9b1c14}.below{background:#fff3d6;color:#7a5200}.met{background:#e2f4e6;color:#1d6b33}"
          + ".suppressed{background:#eceff2;color:#5c6773}.empty{color:#5c6773;font-style:italic}"
          + ".chart{width:100%;height:auto;max-height:260px}.chart text{font-size:11px;fill:#4a5866}"
          + ".grid{stroke:#e6eaef}.axis{stroke:#8795a3}.band{fill:#bcd3ea}.line{fill:none;stroke:#1f5d99;stroke-width:2}"
          + ".point{fill:#1f5d99}.target{stroke:#c0392b;stroke-dasharray:5 4;stroke-width:1.5}.bar{fill:#4f8fc9}.bar.negative{fill:#d9735f}"
          + ".whisker{stroke:#1d2530;stroke-width:1.5}.rest{stroke:#e08e0b;stroke-width:3}"
          + "blockquote{margin:6px 0;padding:6px 12px;border-left:3px solid #bcd3ea;background:#f8fafc}"
          + ".cols{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}.cols h3{font-size:14px;margin:4px 0}"
          + "@page{size:A4;margin:14mm 12mm}"
          + "@media print{body{background:#fff;font-size:10.5pt}header{background:#fff;color:#000;padding:0 0 6mm;border-bottom:2px solid #17324d}"
          + "main{max-width:none;padding:0}section{border:0;border-top:1px solid #c8d0d8;border-radius:0;padding:3mm 0;margin:0;"
          + "break-inside:avoid}.chart{max-height:70mm}.cols{grid-template-columns:repeat(3,1fr)}}";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private final JsonObject pack;
  private final ZoneId zone;
  private final StringBuilder out = new StringBuilder(32_768);

  private ReviewPage(JsonObject pack, ZoneId zone) {
    this.pack = pack;
    this.zone = zone;
  }

  /** The page of this pack (the JSON {@code GET /api/v1/review} answers); dates in {@code zone}. */
  public static String render(JsonObject pack, ZoneId zone) {
    return new ReviewPage(pack, zone).page();
  }

  private String page() {
    String service = pack.getString("service");
    String title = service == null ? "Service review: the organisation" : "Service review: " + service;
    String period = day(pack.getLong("from")) + " – " + day(pack.getLong("to") - 1);
    out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
        .append(esc(title)).append(", ").append(esc(period)).append("</title><style>").append(STYLE).append("</style></head><body>")
        .append("<header><h1>").append(esc(title)).append("</h1><p>").append(esc(period)).append(" · intervals at ")
        .append(Math.round(pack.getDouble("confidence") * 100)).append("% confidence · cells under the minimum number of answers are not shown</p></header><main>");
    if (service == null) {
      ReviewSections.services(this, pack.getJsonArray("services", new JsonArray()));
    }
    ReviewSections.targets(this, pack.getJsonArray("targets"));
    ReviewSections.trend(this, pack.getJsonArray("series"), pack.getJsonArray("trend"), csatTarget(), zone);
    ReviewSections.competency(this, pack.getJsonArray("competency"), service != null);
    ReviewSections.keyDrivers(this, pack.getJsonArray("keyDrivers"));
    ReviewSections.responseRate(this, pack.getJsonObject("responseRate"));
    ReviewSections.lostTime(this, pack.getJsonObject("lostTime"));
    ReviewSections.improvementActions(this, pack.getJsonArray("improvementActions"));
    ReviewSections.followUps(this, pack.getJsonObject("followUps"), pack.getJsonArray("openFollowUps"));
    if (pack.getBoolean("manager", false)) {
      ReviewSections.weak(this, "weak-groups", "Support groups", "weakGroups", pack.getJsonArray("weakGroups"));
      ReviewSections.weak(this, "weak-agents", "Agents", "weakAgents", pack.getJsonArray("weakAgents"));
      ReviewSections.verbatims(this, pack.getJsonObject("verbatims"));
    } else {
      section("manager-only", "Groups, agents and comments");
      out.append("<p class=\"empty\">Support groups, agents, comments and open follow-ups are shown to managers.</p></section>");
    }
    return out.append("</main></body></html>").toString();
  }

  /** The CSAT target of the service's row, or of the first row (the organisation's pack). */
  private Double csatTarget() {
    for (Object o : pack.getJsonArray("targets", new JsonArray())) {
      JsonObject row = (JsonObject) o;
      if ("csat".equals(row.getString("metric"))) {
        return row.getDouble("target");
      }
    }
    return null;
  }

  StringBuilder out() {
    return out;
  }

  void section(String id, String heading) {
    out.append("<section id=\"").append(id).append("\"><h2>").append(esc(heading)).append("</h2>");
  }

  /** A number of the pack, shown as {@code text}, carrying its JSON value and path. */
  String num(String path, Object value, String text) {
    if (value == null) {
      return "<span class=\"na\">–</span>";
    }
    return "<data data-field=\"" + esc(path) + "\" value=\"" + esc(String.valueOf(value)) + "\">" + esc(text) + "</data>";
  }

  String day(long epochMillis) {
    return DAY.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  static String esc(String text) {
    return Html.escape(text);
  }
}
