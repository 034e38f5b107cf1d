package io.perceive.api.http;

import io.perceive.ingest.store.MongoStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /}: a small HTML page for the person who opens the printed URL in a browser: what
 * this is, the version, whether the store and the comment scorer are ready, and where to go
 * next. Self-contained (no external assets, no script).
 */
final class HomeHandler {

  private static final String CSS =
      "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#f6f8fa}"
          + "main{max-width:44rem;margin:0 auto;padding:1.5rem}"
          + ".card{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:1.25rem;margin:0 0 1rem}"
          + "h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:0 0 .5rem}"
          + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}"
          + ".ok{color:#1a7f37;font-weight:600}.wait{color:#9a6700;font-weight:600}.bad{color:#a40e26;font-weight:600}"
          + "code{background:#eff2f5;padding:.1rem .3rem;border-radius:4px}ul{margin:0;padding-left:1.25rem}";

  private final MongoStore store;
  private final Supplier<OperationsRoutes.Status> status;
  private final String version;

  HomeHandler(MongoStore store, Supplier<OperationsRoutes.Status> status, String version) {
    this.store = Objects.requireNonNull(store, "store");
    this.status = Objects.requireNonNull(status, "status");
    this.version = Objects.requireNonNull(version, "version");
  }

  void mount(Router router) {
    router.get("/").handler(this::home);
  }

  void home(RoutingContext ctx) {
    store
        .ping()
        .map(v -> true)
        .otherwise(false)
        .onSuccess(storeUp -> {
          ctx.response()
              .putHeader("Content-Type", "text/html; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
              .end(page(storeUp, status.get()));
        });
  }

  String page(boolean storeUp, OperationsRoutes.Status s) {
    String storeState =
        !storeUp ? state("bad", "not answering (requests get 503; Perceive reconnects by itself)")
            : s.loaded() ? state("ok", "ready") : state("wait", "answering; " + escape(s.loading()));
    String scorer =
        switch (s.scorer()) {
          case "ready" -> state("ok", "ready");
          case "loading" -> state("wait", "loading its models (comments are scored once it is ready)");
          case "off" -> state("wait", "off (analytics.scoring=false): comments are stored unscored");
          default -> state("bad", "failed to load (see the log); comments stay unscored");
        };
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Perceive</title>"
        + "<style>" + CSS + "</style></head><body><main>"
        + "<div class=\"card\"><h1>Perceive</h1>"
        + "<p>Measures how the customers of an IT department perceive its services: survey answers, "
        + "comment sentiment and competency, trends, weak areas and targets, for Grafana.</p>"
        + "<dl><dt>version</dt><dd>" + escape(version) + "</dd>"
        + "<dt>store</dt><dd id=\"store\">" + storeState + "</dd>"
        + "<dt>comment scorer</dt><dd id=\"scorer\">" + scorer + "</dd></dl></div>"
        + "<div class=\"card\"><h2>Next</h2><ul>"
        + "<li><a href=\"/api/v1/services\">services with answers</a> and their "
        + "<a href=\"/api/v1/trends?metric=csat&amp;interval=week\">weekly CSAT</a> "
        + "(JSON shaped for Grafana's Infinity datasource)</li>"
        + "<li><a href=\"/api/v1/weak-areas?metric=csat\">weak areas</a>, "
        + "<a href=\"/api/v1/trend-tests?metric=csat&amp;interval=month\">trend tests</a>, "
        + "<a href=\"/api/v1/targets?metric=csat\">targets</a></li>"
        + "<li><a href=\"/ready\">readiness</a>, <a href=\"/health\">liveness</a>, "
        + "<a href=\"/metrics\">metrics</a> for Prometheus</li>"
        + "<li>Grafana: the provisioning in the repository's <code>dashboards/</code> folder, "
        + "set up as <code>docs/grafana.md</code> describes</li>"
        + "<li>A tour of the API: the README's <code>A short tour</code>; running it in production: "
        + "<code>docs/operations.md</code></li>"
        + "</ul></div></main></body></html>";
  }

  private static String state(String css, String text) {
    return "<span class=\"" + css + "\">" + text + "</span>";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
