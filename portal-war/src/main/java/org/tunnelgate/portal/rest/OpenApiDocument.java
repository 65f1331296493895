package org.tunnelgate.portal.rest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The admin REST API described as an OpenAPI 3.0 document, built from the resources' own JAX-RS
 * annotations (paths, methods, path and query parameters, JSON bodies) and their MicroProfile
 * OpenAPI annotations ({@link Operation} summary and description, {@link APIResponse} codes).
 * Payara's own MicroProfile OpenAPI endpoint stays off (it would describe every resource to anybody,
 * over plain HTTP too — docs/security.md); this document is served to admins only.
 * {@code OpenApiDocumentTest} checks that every admin resource is listed here.
 */
public final class OpenApiDocument {

    /** Every resource of the admin REST API. */
    static final List<Class<?>> ADMIN_RESOURCES = List.of(UsersResource.class, AuditResource.class, ProfilesResource.class,
            NodesResource.class, ConnectionsResource.class, StatisticsResource.class, OAuthClientsResource.class,
            ClusterResource.class, NodeMetricsResource.class, OpenApiResource.class);

    /** One operation: method, path below the application's base, summary, parameters, whether it takes a JSON body, answers. */
    public record Op(String method, String path, String summary, String description, List<Param> parameters,
                     boolean jsonBody, Map<String, String> responses, String produces) {}

    public record Param(String name, String in, String type) {}

    private OpenApiDocument() {}

    /** The operations, by path and method. */
    public static List<Op> operations() {
        List<Op> all = new ArrayList<>();
        for (Class<?> resource : ADMIN_RESOURCES) {
            String base = "/api/" + resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String method = httpMethod(m);
                if (method == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = sub == null ? base : base + "/" + sub.value().replaceFirst("^/", "");
                List<Param> params = new ArrayList<>();
                boolean body = false;
                for (Parameter p : m.getParameters()) {
                    PathParam pp = p.getAnnotation(PathParam.class);
                    QueryParam qp = p.getAnnotation(QueryParam.class);
                    if (pp != null) {
                        params.add(new Param(pp.value(), "path", type(p.getType())));
                    } else if (qp != null) {
                        params.add(new Param(qp.value(), "query", type(p.getType())));
                    } else if (p.getAnnotations().length == 0) {
                        body = true;
                    }
                }
                Consumes consumes = m.getAnnotation(Consumes.class) != null ? m.getAnnotation(Consumes.class)
                        : resource.getAnnotation(Consumes.class);
                Produces produces = m.getAnnotation(Produces.class) != null ? m.getAnnotation(Produces.class)
                        : resource.getAnnotation(Produces.class);
                Operation op = m.getAnnotation(Operation.class);
                Map<String, String> responses = new TreeMap<>();
                for (APIResponse r : m.getAnnotationsByType(APIResponse.class)) {
                    responses.put(r.responseCode(), r.description());
                }
                if (responses.isEmpty()) {
                    responses.put(method.equals("delete") ? "204" : "200", "done");
                }
                responses.putIfAbsent("401", "no or wrong credentials");
                responses.putIfAbsent("403", "not an admin, or a read-only token for a change");
                all.add(new Op(method, path, op == null ? method.toUpperCase() + " " + path : op.summary(),
                        op == null ? "" : op.description(), params,
                        body && consumes != null && Arrays.asList(consumes.value()).contains("application/json"),
                        responses, produces == null ? "application/json" : produces.value()[0]));
            }
        }
        all.sort(Comparator.comparing(Op::path).thenComparing(o -> List.of("get", "post", "put", "delete").indexOf(o.method())));
        return all;
    }

    /** The OpenAPI 3.0.3 document; {@code serverUrl} is the portal's base URL. */
    public static JsonObject document(String serverUrl, String version) {
        Map<String, JsonObjectBuilder> paths = new LinkedHashMap<>();
        for (Op op : operations()) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("summary", op.summary())
                    .add("operationId", op.method() + op.path().replaceAll("[^A-Za-z0-9]+", "_"));
            if (!op.description().isEmpty()) {
                o.add("description", op.description());
            }
            o.add("tags", Json.createArrayBuilder().add(op.path().split("/")[3]));
            if (!op.parameters().isEmpty()) {
                JsonArrayBuilder ps = Json.createArrayBuilder();
                op.parameters().forEach(p -> ps.add(Json.createObjectBuilder().add("name", p.name()).add("in", p.in())
                        .add("required", p.in().equals("path")).add("schema", Json.createObjectBuilder().add("type", p.type()))));
                o.add("parameters", ps);
            }
            if (op.jsonBody()) {
                o.add("requestBody", Json.createObjectBuilder().add("required", true).add("content", Json.createObjectBuilder()
                        .add("application/json", Json.createObjectBuilder().add("schema", Json.createObjectBuilder()))));
            }
            JsonObjectBuilder responses = Json.createObjectBuilder();
            op.responses().forEach((code, text) -> {
                JsonObjectBuilder r = Json.createObjectBuilder().add("description", text);
                if (code.startsWith("2") && !code.equals("204")) {
                    r.add("content", Json.createObjectBuilder().add(op.produces(), Json.createObjectBuilder()));
                }
                responses.add(code, r);
            });
            o.add("responses", responses);
            paths.computeIfAbsent(op.path(), k -> Json.createObjectBuilder()).add(op.method(), o);
        }
        JsonObjectBuilder pathsJson = Json.createObjectBuilder();
        paths.forEach(pathsJson::add);
        return Json.createObjectBuilder()
                .add("openapi", "3.0.3")
                .add("info", Json.createObjectBuilder().add("title", "Tunnelgate admin REST API").add("version", version)
                        .add("description", "Run the VPN service: users, profiles, nodes, connections, statistics, OAuth clients,"
                                + " audit. HTTPS only; an admin API token (Authorization: Bearer tgat_…, read-only or read-write)"
                                + " or HTTP Basic with an admin's password. Errors: {\"error\": \"…\"}; 400 bad input, 404 unknown,"
                                + " 409 conflict."))
                .add("servers", Json.createArrayBuilder().add(Json.createObjectBuilder().add("url", serverUrl)))
                .add("security", Json.createArrayBuilder().add(Json.createObjectBuilder().add("token", Json.createArrayBuilder()))
                        .add(Json.createObjectBuilder().add("basic", Json.createArrayBuilder())))
                .add("components", Json.createObjectBuilder().add("securitySchemes", Json.createObjectBuilder()
                        .add("token", Json.createObjectBuilder().add("type", "http").add("scheme", "bearer")
                                .add("description", "an admin API token made at /admin/tokens"))
                        .add("basic", Json.createObjectBuilder().add("type", "http").add("scheme", "basic"))))
                .add("paths", pathsJson)
                .build();
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a instanceof GET) {
                return "get";
            } else if (a instanceof POST) {
                return "post";
            } else if (a instanceof PUT) {
                return "put";
            } else if (a instanceof DELETE) {
                return "delete";
            }
        }
        return null;
    }

    private static String type(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        return type == boolean.class || type == Boolean.class ? "boolean" : "string";
    }
}
