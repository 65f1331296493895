package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.oauth.InvalidClientRegistration;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.oauth.boundary.OAuthClients;
import org.tunnelgate.oauth.entity.OAuthClient;

/**
 * {@code /api/admin/clients}: OAuth clients an operator registers besides the built-in apps (admins
 * only, by the web layer's constraint). Body of a registration:
 * {@code {"client_id": "…", "display_name": "…", "redirect_uris": ["…"], "client_secret": "…" (optional)}}.
 * Secrets are stored hashed and never shown again.
 */
@Path("admin/clients")
public class OAuthClientsResource {

    private static final int MAX_BODY = 16 * 1024;

    @Inject
    OAuthClients clients;

    @Inject
    Authorizations authorizations;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "The OAuth clients, built-in and registered")
    @APIResponse(responseCode = "200", description = "the clients")
    public Response list() {
        AdminChanges.requireAdmin(security);
        JsonArrayBuilder list = Json.createArrayBuilder();
        clients.builtIn().forEach(c -> list.add(describe(c)));
        clients.registered().forEach(c -> list.add(describe(c)));
        return json(200, Json.createObjectBuilder().add("clients", list).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON) // a browser cannot send this cross-site without a CORS preflight
    @Operation(summary = "Register an app")
    @APIResponse(responseCode = "201", description = "registered")
    @APIResponse(responseCode = "400", description = "bad input")
    @APIResponse(responseCode = "409", description = "the id is taken")
    public Response register(InputStream body) throws IOException {
        AdminChanges.requireAdmin(security);
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return error(413, "request body larger than " + MAX_BODY + " bytes");
        }
        JsonObject request;
        try (var reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            request = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return error(400, "the body must be a JSON object");
        }
        String actor = security.getUserPrincipal().getName();
        try {
            OAuthClient client = AuditedChange.run(audit::record, actor, "oauth-client.register",
                    String.valueOf(request.get("client_id")), OAuthClient::id,
                    () -> clients.register(string(request, "client_id"), string(request, "display_name"),
                            strings(request.get("redirect_uris")), string(request, "client_secret")));
            return Response.created(URI.create("admin/clients/" + URLEncoder.encode(client.id(), StandardCharsets.UTF_8)))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(describe(client).build().toString()).build();
        } catch (InvalidClientRegistration e) {
            return error(400, e.getMessage());
        }
    }

    @DELETE
    @Path("{clientId}")
    @Operation(summary = "Remove an app; every authorization it holds is revoked")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "a built-in app")
    public Response unregister(@PathParam("clientId") String clientId) {
        AdminChanges.requireAdmin(security);
        String actor = security.getUserPrincipal().getName();
        if (clients.isBuiltIn(clientId)) {
            return error(409, "built-in clients cannot be removed");
        }
        if (!clients.unregister(clientId)) {
            return error(404, "no such client");
        }
        int revoked = authorizations.revokeAllOfClient(clientId);
        audit.record(actor, "oauth-client.unregister", clientId, "done; " + revoked + " authorizations revoked");
        return Response.noContent().build();
    }

    private static JsonObjectBuilder describe(OAuthClient client) {
        return Json.createObjectBuilder()
                .add("client_id", client.id())
                .add("display_name", client.displayName())
                .add("redirect_uris", Json.createArrayBuilder(client.redirectUris()))
                .add("confidential", client.isConfidential())
                .add("built_in", client.builtIn());
    }

    /** A string member, null when absent; anything but a string is a registration error. */
    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidClientRegistration(name + " must be a string");
    }

    private static List<String> strings(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw new InvalidClientRegistration("redirect_uris must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new InvalidClientRegistration("redirect_uris must be an array of strings");
            }
            result.add(s.getString());
        }
        return result;
    }

    private static Response json(int status, JsonObject body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
    }

    private static Response error(int status, String message) {
        return json(status, Json.createObjectBuilder().add("error", message).build());
    }
}
