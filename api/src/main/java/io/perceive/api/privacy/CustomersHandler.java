package io.perceive.api.privacy;

import io.perceive.api.auth.AccessHandler;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.survey.CustomerErasure;
import io.perceive.ingest.survey.InvitationService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /api/v1/customers?email=...} (or {@code customerId=...}, as the invitations named
 * the customer): erases that customer ({@link CustomerErasure}). Admin only, like every route the
 * access policy does not name.
 */
public record CustomersHandler(InvitationService invitations, CustomerErasure erasure) {


  public void mount(Router router) {
    router.delete("/api/v1/customers").handler(this::erase);
  }

  void erase(RoutingContext ctx) {
    String email = QueryParams.single(ctx, "email", null);
    String customerId = QueryParams.single(ctx, "customerId", null);
    if ((email == null) == (customerId == null)) {
      throw new BadInputException("email", "give exactly one of email or customerId");
    }
    if (email != null && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
      throw new BadInputException("email", "email must be an e-mail address");
    }
    if (customerId != null && (customerId.isBlank() || customerId.length() > 200)) {
      throw new BadInputException("customerId", "customerId must be 1 to 200 characters");
    }
    String hash = invitations.customerHash(customerId == null ? null : customerId.strip(), email == null ? null : email.strip());
    String by = AccessHandler.principal(ctx);
    erasure
        .erase(hash, by)
        .onSuccess(
            erased ->
                Json.send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("invitations", erased.invitations())
                        .put("comments", erased.comments())
                        .put("documents", erased.documents())))
        .onFailure(ctx::fail);
  }
}
