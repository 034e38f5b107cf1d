package io.perceive.api.auth;

import io.perceive.api.http.FailureHandler;
import io.perceive.api.http.Problem;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request before any route runs: a bearer token from the tokens file with the role
 * the route needs ({@link AccessPolicy}); without a tokens file, the local machine only. Refusals
 * are problem+json: 401 with {@code WWW-Authenticate: Bearer} for a missing or unknown token, 403
 * for a token without the role.
 */
public final class AccessHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AccessHandler.class);

  /** Where the handler leaves the caller's token name, for audit records ("local" without tokens). */
  static final String PRINCIPAL = "perceive.principal";

  /** Where the handler leaves whether the caller may see support groups, agents and comment text. */
  static final String MANAGER_SIGHT = "perceive.manager";

  static final String SETTING = "auth.tokens-file (PERCEIVE_AUTH_TOKENS_FILE)";

  private final Optional<AccessTokens> tokens;

  /** With no tokens: only loopback clients may call what needs a role. */
  public AccessHandler(Optional<AccessTokens> tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /** The caller's token name for an audit record ("local" without tokens, "unknown" past no check). */
  public static String principal(RoutingContext ctx) {
    return Objects.requireNonNullElse(ctx.get(PRINCIPAL), "unknown");
  }

  /** The one line a start logs about access. */
  public void logMode() {
    if (tokens.isPresent()) {
      LOG.info("api tokens loaded [tokens: {}]", tokens.get().size());
    } else {
      LOG.info("no {} configured: the API answers the local machine only (127.0.0.0/8, ::1)", SETTING);
    }
  }

  public void mount(Router router) {
    // Before every other route, the streaming import included (it runs before the body is read).
    router.route().order(-10).handler(this::check);
  }

  void check(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Optional<Role> needed = AccessPolicy.needed(ctx.request().method(), path, ctx.queryParam("by"));
    if (needed.isEmpty()) {
      ctx.next();
      return;
    }
    if (tokens.isEmpty()) {
      if (isLoopback(ctx.request().remoteAddress())) {
        ctx.put(PRINCIPAL, "local");
        ctx.put(MANAGER_SIGHT, true);
        ctx.next();
      } else {
        refuse(ctx, 401, "this server answers API calls from its own machine only; set " + SETTING + " to give clients tokens");
      }
      return;
    }
    Optional<AccessTokens.Entry> entry = bearer(ctx).flatMap(tokens.get()::find);
    if (entry.isEmpty()) {
      refuse(ctx, 401, "a valid token is needed: send 'Authorization: Bearer <token>'");
    } else if (!entry.get().has(needed.get())) {
      LOG.debug("access refused [token: {}, needs: {}]", entry.get().name(), needed.get().label());
      refuse(ctx, 403, "this token lacks the role '" + needed.get().label() + "'");
    } else {
      ctx.put(PRINCIPAL, entry.get().name());
      ctx.put(MANAGER_SIGHT, entry.get().has(Role.MANAGER));
      ctx.next();
    }
  }

  /**
   * Whether the caller of a route open to viewers may also see what a manager may: support
   * groups, agents, comment text and follow-ups (a page that shows more to managers asks).
   */
  public static boolean managerSight(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(MANAGER_SIGHT));
  }

  private static Optional<String> bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).strip()).filter(t -> !t.isEmpty());
  }

  private static void refuse(RoutingContext ctx, int status, String detail) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    FailureHandler.send(ctx, new Problem(status, status == 401 ? "Unauthorized" : "Forbidden", detail, "Authorization"));
  }

  /** 127.0.0.0/8 and ::1 (also IPv4-mapped); an address given as a literal, so nothing is looked up. */
  public static boolean isLoopback(SocketAddress remote) {
    if (remote == null || remote.hostAddress() == null) {
      return false;
    }
    String host = remote.hostAddress();
    if (!host.matches("[0-9a-fA-F:.%]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
