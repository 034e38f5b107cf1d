package io.perceive.api.survey;

import io.perceive.api.http.FailureHandler;
import io.perceive.api.http.HttpException;
import io.perceive.api.http.Problem;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.survey.Invitation;
import io.perceive.ingest.survey.SurveyAnswers;
import io.perceive.ingest.survey.SurveyAnswers.RefusedException;
import io.perceive.ingest.survey.SurveyKeys;
import io.perceive.ingest.survey.SurveyTokens;
import io.perceive.ingest.survey.SurveyTokens.InvalidTokenException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages a customer sees: {@code GET /s/{token}?r=4} shows the rating form with 4 preselected
 * and records nothing (mail scanners open links too); {@code POST /s/{token}} records the rating
 * (from the page's script, or its button when scripts are off); {@code POST /s/{token}/comment}
 * adds the comment. Every failure on these paths is a friendly page with a 4xx (503 when the
 * store is down), never a problem body or a stack trace.
 */
final class SurveyHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyHandler.class);
  static final String PREFIX = "/s/";

  private final SurveyAnswers answers;
  private final SurveyTokens tokens;
  private final FormGuard guard;
  private final boolean lostTimeQuestion;
  private final Clock clock;
  /** A click stores a response like any other write: it is admitted the same way. */
  private final InFlightLimit limit;
  private final ScannerWatch scanners;
  private final SurveyLimits limits;

  /** {@code scheme://host[:port]} of a URL, as browsers send it in {@code Origin}. */
  static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  SurveyHandler(
      SurveyAnswers answers, SurveyTokens tokens, SurveyKeys keys, Optional<String> publicOrigin,
      boolean lostTimeQuestion, Clock clock, InFlightLimit limit) {
    this.answers = Objects.requireNonNull(answers, "answers");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.guard = new FormGuard(keys, publicOrigin);
    this.lostTimeQuestion = lostTimeQuestion;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scanners = new ScannerWatch(clock);
    this.limits = new SurveyLimits(clock);
  }

  /** Page loads counted as a mail scanner's (several rating links of one invitation within seconds). */
  long scannerVisits() {
    return scanners.visits();
  }

  public void mount(Router router) {
    // Before the token routes: a path with characters no token has, or a query string that cannot
    // be decoded, gets a page here (left to the router, it would get a problem+json body).
    router.route("/s/*").handler(this::screen);
    router.get("/s/:token").handler(this::show);
    router.head("/s/:token").handler(this::show);
    router.post("/s/:token").handler(this::rate);
    router.post("/s/:token/comment").handler(this::comment);
    // Whatever else arrives under /s/ (no token, extra segments, other methods) gets a page too.
    router.route("/s/*").handler(this::elsewhere);
    router.route("/s").handler(this::elsewhere);
    // For every path, filtered by prefix: it runs before the global failure handler, whichever
    // survey route failed. (A path that cannot be percent-decoded at all, such as /s/%zz, is
    // refused by the router before any route, with a 400 problem body.)
    router.route().failureHandler(ctx -> {
      if (isSurveyPath(ctx.request().path())) {
        failure(ctx);
      } else {
        ctx.next();
      }
    });
  }

  /** GET: the form, with the rating from the link preselected. Stores nothing. */
  void show(RoutingContext ctx) {
    SurveyTokens.Verified token = verify(ctx);
    Integer rating;
    boolean notice = false;
    List<String> r = queryParam(ctx, "r");
    if (r.isEmpty()) {
      rating = null;
    } else {
      rating = r.size() == 1 ? parseRating(r.get(0)) : null;
      notice = rating == null;
    }
    boolean badRating = notice;
    answers
        .invitation(token.invitationId())
        .compose(
            invitation -> {
              Invitation usable = usable(invitation);
              Messages m = messages(ctx, usable);
              if (rating != null && usable.status() == Invitation.Status.OPEN && scanners.opened(usable.id(), rating)) {
                LOG.debug("survey link opened by a mail scanner [invitation: {}]", usable.id());
              }
              if (usable.status() == Invitation.Status.ANSWERED) {
                if (!answers.editable(usable)) {
                  return Future.succeededFuture(SurveyPages.message(m, 200, "closed", guard.nonce()));
                }
                // Already answered: show what is stored and change it only on a click, so a
                // scanner that runs scripts cannot rewrite an answer by opening the other links.
                return answers
                    .response(usable.id())
                    .map(stored -> stored == null
                        ? ratingPage(ctx, m, usable, rating, badRating, true)
                        : SurveyPages.rating(m, usable.ticketId(), stored.rating(), false, form(ctx, guard.nonce()),
                            lostTimeQuestion, guard.nonce(), stored.comment(), false));
              }
              return Future.succeededFuture(ratingPage(ctx, m, usable, rating, badRating, true));
            })
        .onSuccess(page -> send(ctx, page))
        .onFailure(ctx::fail);
  }

  /** POST: records the rating (or changes it within the edit window). */
  void rate(RoutingContext ctx) {
    SurveyTokens.Verified token = verify(ctx);
    checkForm(ctx);
    Integer rating = parseRating(ctx.request().getFormAttribute("r"));
    String invitationId = token.invitationId();
    if (rating == null) {
      answers
          .invitation(invitationId)
          .map(i -> ratingPage(ctx, messages(ctx, usable(i)), usable(i), null, true, false))
          .onSuccess(page -> send(ctx, page))
          .onFailure(ctx::fail);
      return;
    }
    limit
        .admit(1, () -> answers.rate(invitationId, rating))
        .onSuccess(
            answer -> {
              if (wantsJson(ctx)) {
                sendJson(ctx, 200, new JsonObject()
                    .put("status", answer.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .put("rating", answer.response().rating()));
                return;
              }
              Messages m = messages(ctx, answer.invitation());
              SurveyPages.Page page =
                  SurveyPages.comment(m, answer.response().rating(), answer.response().comment(),
                      form(ctx, guard.nonce()), lostTimeQuestion, guard.nonce());
              send(ctx, page);
            })
        .onFailure(ctx::fail);
  }

  /** POST: adds or changes the comment (and the lost time, when asked). */
  void comment(RoutingContext ctx) {
    SurveyTokens.Verified token = verify(ctx);
    checkForm(ctx);
    String comment = ctx.request().getFormAttribute("comment");
    if (comment != null && comment.length() > SurveyAnswers.MAX_COMMENT_CHARS) {
      throw new BadInputException("comment", "comment too long");
    }
    Integer lost = lostTimeQuestion ? parseLost(ctx.request().getFormAttribute("lost")) : null;
    limit
        .admit(1, () -> answers.comment(token.invitationId(), comment, lost))
        .onSuccess(answer -> {
          if (wantsJson(ctx)) {
            sendJson(ctx, 200, new JsonObject().put("status", "recorded"));
          } else {
            send(ctx, SurveyPages.message(messages(ctx, answer.invitation()), 200, "done", guard.nonce()));
          }
        })
        .onFailure(ctx::fail);
  }

  private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern.compile("/s(/[A-Za-z0-9._-]*)*");

  void screen(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!isSurveyPath(path)) {
      ctx.next();
      return;
    }
    if (!SAFE_PATH.matcher(path).matches()) {
      send(ctx, SurveyPages.message(messages(ctx, null), 404, "error.invalid", guard.nonce()));
      return;
    }
    String[] segments = path.split("/");
    String link = segments.length > 2 ? segments[2] : null;
    // The local machine (a reverse proxy in front, a benchmark) is every customer at once: only
    // the per-link limit applies to it.
    String address =
        io.perceive.api.auth.AccessHandler.isLoopback(ctx.request().remoteAddress()) ? null : ctx.request().remoteAddress().hostAddress();
    if (!limits.allow(address, link)) {
      ctx.response().putHeader("Retry-After", String.valueOf(SurveyLimits.WINDOW_MS / 1000));
      send(ctx, SurveyPages.message(messages(ctx, null), 429, "error.busy", guard.nonce()));
      return;
    }
    try {
      ctx.queryParams();
    } catch (RuntimeException e) {
      send(ctx, SurveyPages.message(messages(ctx, null), 400, "error.invalid", guard.nonce()));
      return;
    }
    ctx.next();
  }

  static boolean isSurveyPath(String rawPath) {
    return rawPath != null && (rawPath.equals("/s") || rawPath.startsWith(PREFIX));
  }

  void elsewhere(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean known = path.matches("/s/[^/]+(/comment)?/?");
    int status = known ? 405 : 404;
    if (known) {
      ctx.response().putHeader("Allow", path.endsWith("/comment") ? "POST" : "GET, HEAD, POST");
    }
    send(ctx, SurveyPages.message(messages(ctx, null), status, known ? "error.form" : "error.notfound", guard.nonce()));
  }

  /** Every failure on a survey path becomes a page in the customer's language. */
  void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String key;
    if (failure instanceof InvalidTokenException invalid) {
      status = invalid.problem() == SurveyTokens.Problem.EXPIRED ? 410 : 404;
      key = invalid.problem() == SurveyTokens.Problem.EXPIRED ? "error.expired" : "error.invalid";
    } else if (failure instanceof RefusedException refused) {
      switch (refused.refusal()) {
        case NOT_FOUND -> { status = 404; key = "error.invalid"; }
        case CANCELLED -> { status = 410; key = "error.cancelled"; }
        case EDIT_WINDOW_OVER -> { status = 409; key = "error.window"; }
        default -> { status = 409; key = "error.norating"; }
      }
    } else if (failure instanceof IllegalArgumentException) {
      // What SurveyAnswers refuses as out of range (a rating, a comment's length).
      status = 400;
      key = "error.input";
    } else {
      // Everything else is mapped as for the API; a page asks to try again rather than show a 5xx.
      Problem problem = FailureHandler.toProblem(failure, ctx.statusCode());
      status = problem.status() >= 500 ? 503 : problem.status();
      key = pageKey(failure, status);
      if (problem.status() == 503) {
        LOG.warn("service unavailable [method: {}, path: /s/…, reason: {}]", ctx.request().method(), problem.detail());
        FailureHandler.retryAfter(ctx.response());
      } else if (problem.status() >= 500) {
        // The path carries the token: it is not logged.
        LOG.error("survey request failed [method: {}]", ctx.request().method(), failure);
      }
    }
    Messages m = Messages.choose(null, ctx.request().getHeader("Accept-Language"));
    if (wantsJson(ctx)) {
      sendJson(ctx, status, new JsonObject().put("status", "refused").put("title", m.get(key + ".title")));
    } else {
      send(ctx, SurveyPages.message(m, status, key, guard.nonce()));
    }
  }

  /** The page for a status: a refused form, a page not found, try again later, or bad input. */
  private static String pageKey(Throwable failure, int status) {
    if (status >= 500) {
      return "error.unavailable";
    }
    if (status == 403 && failure instanceof HttpException) {
      return "error.form";
    }
    return status == 404 && !(failure instanceof HttpException) ? "error.notfound" : "error.input";
  }

  private SurveyTokens.Verified verify(RoutingContext ctx) {
    return tokens.verify(ctx.pathParam("token"), clock.instant());
  }

  /** A found, sent invitation, or the refusal that explains why not. */
  private static Invitation usable(Invitation invitation) {
    if (invitation == null) {
      throw new RefusedException(SurveyAnswers.Refusal.NOT_FOUND);
    }
    if (invitation.status() == Invitation.Status.CANCELLED) {
      throw new RefusedException(SurveyAnswers.Refusal.CANCELLED);
    }
    return invitation;
  }

  private void checkForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!guard.sameOrigin(ctx.request())
        || !guard.validForm(token, ctx.request().getFormAttribute("nonce"), ctx.request().getFormAttribute("mac"))) {
      LOG.info("survey form refused [method: {}]", ctx.request().method());
      throw new HttpException(403, "the form was not rendered by this server for this link");
    }
  }

  private SurveyPages.Page ratingPage(
      RoutingContext ctx, Messages m, Invitation invitation, Integer rating, boolean notice, boolean fresh) {
    return SurveyPages.rating(
        m, invitation.ticketId(), rating, notice, form(ctx, guard.nonce()), lostTimeQuestion, guard.nonce(), null, fresh);
  }

  private SurveyPages.Form form(RoutingContext ctx, String nonce) {
    String token = ctx.pathParam("token");
    return new SurveyPages.Form(token, token + "/comment", nonce, guard.mac(token, nonce));
  }

  private static Messages messages(RoutingContext ctx, Invitation invitation) {
    return Messages.choose(invitation == null ? null : invitation.locale(), ctx.request().getHeader("Accept-Language"));
  }

  private static List<String> queryParam(RoutingContext ctx, String name) {
    try {
      return ctx.queryParam(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(name, "the query string is malformed");
    }
  }

  static Integer parseRating(String value) {
    if (value == null || value.length() != 1) {
      return null;
    }
    char c = value.charAt(0);
    return c >= '1' && c <= '5' ? c - '0' : null;
  }

  static Integer parseLost(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (int minutes : SurveyPages.LOST_MINUTES) {
      if (value.equals(String.valueOf(minutes))) {
        return minutes;
      }
    }
    throw new BadInputException("lost", "lost must be one of the offered choices");
  }

  private static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private static void headers(HttpServerResponse response) {
    response
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  static void send(RoutingContext ctx, SurveyPages.Page page) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    headers(response);
    response
        .setStatusCode(page.status())
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", SurveyPages.contentSecurityPolicy(page.cspNonce()))
        .end(page.html());
  }

  private static void sendJson(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    headers(response);
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
