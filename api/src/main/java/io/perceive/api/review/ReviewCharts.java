package io.perceive.api.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The review page's charts, as inline SVG: no script, no external asset, and they print. */
final class ReviewCharts {

  private static final int W = 640;
  private static final int H = 220;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 30;
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yy", Locale.ENGLISH);

  private ReviewCharts() {}

  /**
   * CSAT per month: the estimate as a line, its interval as a band, and the target as a dashed
   * line. Suppressed months (under the minimum n) are gaps.
   */
  static String trend(JsonArray series, Double target, ZoneId zone) {
    StringBuilder svg = open("csat-trend", "CSAT per month with its interval" + (target == null ? "" : " and the target"));
    int n = series.size();
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = y(pct / 100.0);
      svg.append(line(LEFT, y, W - RIGHT, y, "grid"))
          .append(text(LEFT - 6, y + 4, pct + "%", "end"));
    }
    StringBuilder band = new StringBuilder();
    StringBuilder back = new StringBuilder();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < n; i++) {
      JsonObject p = series.getJsonObject(i);
      double x = x(i, n);
      if (i % Math.max(1, (n + 5) / 6) == 0) {
        svg.append(text(x, H - 10, MONTH.format(Instant.ofEpochMilli(p.getLong("time")).atZone(zone)), "middle"));
      }
      if (p.getBoolean("suppressed", true)) {
        path.append(' ');
        continue;
      }
      band.append(band.isEmpty() ? "M" : "L").append(fmt(x)).append(',').append(fmt(y(p.getDouble("upper"))));
      back.insert(0, "L" + fmt(x) + "," + fmt(y(p.getDouble("lower"))));
      path.append(path.isEmpty() || path.charAt(path.length() - 1) == ' ' ? "M" : "L")
          .append(fmt(x)).append(',').append(fmt(y(p.getDouble("value"))));
      svg.append("<circle class=\"point\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y(p.getDouble("value"))))
          .append("\" r=\"3\"/>");
    }
    if (!band.isEmpty()) {
      svg.insert(svg.indexOf("</desc>") + 7, "<path class=\"band\" d=\"" + band + back + "Z\"/>");
    }
    svg.append("<path class=\"line\" d=\"").append(path.toString().strip()).append("\"/>");
    if (target != null) {
      svg.append(line(LEFT, y(target), W - RIGHT, y(target), "target"))
          .append(text(W - RIGHT, y(target) - 4, "target " + Math.round(target * 100) + "%", "end"));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Competency profile: per comment measure a bar from 0 to the mean phrase sentiment (-1..1)
   * with its interval as a whisker, and the rest of the organisation as a tick.
   */
  static String profile(JsonArray rows) {
    int rowHeight = 26;
    int height = TOP + rows.size() * rowHeight + BOTTOM;
    int labelWidth = 110;
    double zero = labelWidth + (W - labelWidth - RIGHT) / 2.0;
    double half = (W - labelWidth - RIGHT) / 2.0;
    StringBuilder svg = new StringBuilder()
        .append("<svg class=\"chart\" id=\"competency-profile\" role=\"img\" viewBox=\"0 0 ").append(W).append(' ').append(height)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>Competency profile</title>")
        .append("<desc>Mean sentiment of what comments say per dimension, -1 to 1, with its interval; ticks: the rest of the organisation</desc>");
    for (double v = -1; v <= 1.001; v += 0.5) {
      double x = zero + v * half;
      svg.append(line(x, TOP, x, height - BOTTOM, v == 0 ? "axis" : "grid"))
          .append(text(x, height - 10, String.format(Locale.ROOT, "%+.1f", v).replace("+0.0", "0"), "middle"));
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      double mid = TOP + i * rowHeight + rowHeight / 2.0;
      svg.append(text(labelWidth - 8, mid + 4, r.getString("dimension"), "end"));
      if (!r.getBoolean("suppressed", true)) {
        double x = zero + r.getDouble("value") * half;
        svg.append("<rect class=\"").append(r.getDouble("value") < 0 ? "bar negative" : "bar").append("\" x=\"")
            .append(fmt(Math.min(x, zero))).append("\" y=\"").append(fmt(mid - 7)).append("\" width=\"")
            .append(fmt(Math.abs(x - zero))).append("\" height=\"14\"/>")
            .append(line(zero + r.getDouble("lower") * half, mid, zero + r.getDouble("upper") * half, mid, "whisker"));
      }
      JsonObject rest = r.getJsonObject("rest");
      if (rest != null && !rest.getBoolean("suppressed", true)) {
        double x = zero + rest.getDouble("value") * half;
        svg.append(line(x, mid - 10, x, mid + 10, "rest"));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String id, String description) {
    return new StringBuilder()
        .append("<svg class=\"chart\" id=\"").append(id).append("\" role=\"img\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(description).append("</title><desc>")
        .append(description).append("</desc>");
  }

  private static double x(int i, int n) {
    return n <= 1 ? (LEFT + W - RIGHT) / 2.0 : LEFT + i * (W - LEFT - RIGHT) / (double) (n - 1);
  }

  private static double y(double share) {
    return TOP + (1 - share) * (H - TOP - BOTTOM);
  }

  private static String line(double x1, double y1, double x2, double y2, String cls) {
    return "<line class=\"" + cls + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\"/>";
  }

  private static String text(double x, double y, String text, String anchor) {
    return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">"
        + io.perceive.api.survey.Html.escape(text) + "</text>";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
