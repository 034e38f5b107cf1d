package io.perceive.api.catalogue;

import io.perceive.api.auth.AccessHandler;
import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.catalogue.ServiceEntry;
import io.perceive.ingest.rollup.RollupRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service catalogue: {@code GET /api/v1/catalogue} (every entry, the organisation's targets,
 * and the services seen in answers that have no entry), and per service {@code GET|PUT|DELETE
 * /api/v1/catalogue/services/{service}} and {@code GET .../versions}. Reading needs a viewer,
 * changing an admin; every change is a version recording the token's name and the time.
 */
public record CatalogueHandler(Catalogue catalogue, RollupRepository rollups) {

  static final String SERVICE = "/api/v1/catalogue/services/:service";


  public void mount(Router router) {
    router.get("/api/v1/catalogue").handler(this::list);
    router.get(SERVICE).handler(this::get);
    router.put(SERVICE).handler(this::put);
    router.delete(SERVICE).handler(this::delete);
    router.get(SERVICE + "/versions").handler(this::versions);
  }

  void list(RoutingContext ctx) {
    catalogue.repository().all()
        .compose(entries -> rollups.services().map(seen -> {
          JsonArray services = new JsonArray();
          Set<String> uncatalogued = new TreeSet<>(seen);
          for (ServiceEntry e : entries) {
            services.add(ServiceEntries.json(e));
            uncatalogued.remove(e.service());
          }
          JsonObject organisation = new JsonObject();
          catalogue.configured().organisation().forEach((m, v) -> organisation.put(m.label(), v));
          return new JsonObject()
              .put("services", services)
              .put("organisation", new JsonObject().put("targets", organisation))
              .put("uncatalogued", new JsonArray(new ArrayList<>(uncatalogued)));
        }))
        .onSuccess(body -> Json.send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String service = ServiceEntries.serviceName(ctx.pathParam("service"));
    catalogue.repository().find(service)
        .onSuccess(entry -> {
          if (entry == null) {
            ctx.fail(notFound(service));
          } else {
            Json.send(ctx, 200, ServiceEntries.json(entry));
          }
        })
        .onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    String service = ServiceEntries.serviceName(ctx.pathParam("service"));
    if (!(Json.body(ctx) instanceof JsonObject body)) {
      throw new BadInputException("body", "the body must be a JSON object: the service's entry");
    }
    ServiceEntry entry = ServiceEntries.parse(service, body);
    catalogue.repository().put(entry, principal(ctx), catalogue.clock().instant())
        .onSuccess(saved -> Json.send(ctx, saved.version() == 1 ? 201 : 200, ServiceEntries.json(saved)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    String service = ServiceEntries.serviceName(ctx.pathParam("service"));
    catalogue.repository().delete(service, principal(ctx), catalogue.clock().instant())
        .onSuccess(deleted -> {
          if (deleted) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(notFound(service));
          }
        })
        .onFailure(ctx::fail);
  }

  void versions(RoutingContext ctx) {
    String service = ServiceEntries.serviceName(ctx.pathParam("service"));
    catalogue.repository().versions(service)
        .onSuccess(versions -> {
          if (versions.isEmpty()) {
            ctx.fail(notFound(service));
            return;
          }
          List<Object> rows = new ArrayList<>();
          versions.forEach(v -> rows.add(ServiceEntries.json(v)));
          Json.send(ctx, 200, new JsonArray(rows));
        })
        .onFailure(ctx::fail);
  }

  private static String principal(RoutingContext ctx) {
    return AccessHandler.principal(ctx);
  }

  private static HttpException notFound(String service) {
    return new HttpException(404, "the catalogue has no entry for this service", "service");
  }
}
