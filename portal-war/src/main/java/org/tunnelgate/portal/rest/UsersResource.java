package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.util.List;
import org.tunnelgate.account.boundary.AccountAdministration;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.audit.boundary.AuditTrail;

/**
 * {@code /api/admin/users}: the accounts, as the console's users pages show them.
 * <ul>
 * <li>{@code GET ?q=part&after=name&limit=50} — one page in name order (keyset: pass the last name
 *     as {@code after} for the next; {@code next} in the answer says what to pass)</li>
 * <li>{@code GET /{name}} — one account, 404 if unknown</li>
 * <li>{@code POST} {@code {"name", "password", "role": "user"|"admin"}} — 201 with Location; 400
 *     bad input, 409 name taken</li>
 * <li>{@code POST /{name}/disable}, {@code /enable} — 204 (disabling ends the person's
 *     configurations on the nodes and their apps); {@code PUT /{name}/role} {@code {"role"}} and
 *     {@code PUT /{name}/password} {@code {"password"}} — 204</li>
 * <li>{@code DELETE /{name}} — disables, then deletes: 204; 403 for one's own account, 409 for the
 *     last enabled admin, 404 unknown</li>
 * </ul>
 * Writes go through {@link AccountAdministration}, which audits them.
 */
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final int MAX_LIMIT = 500;

    @Inject
    Accounts accounts;

    @Inject
    AccountAdministration administration;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Search and page the accounts: q (part of the name), after (name), limit")
    @APIResponse(responseCode = "200", description = "a page of accounts and the next after")
    public Response list(@QueryParam("q") String search, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        requireAdmin(security);
        int size = limit == null ? 50 : Math.max(1, Math.min(MAX_LIMIT, limit));
        List<Account> page = accounts.page(search, after, size + 1);
        boolean more = page.size() > size;
        List<Account> shown = more ? page.subList(0, size) : page;
        JsonArrayBuilder users = Json.createArrayBuilder();
        shown.forEach(a -> users.add(describe(a)));
        JsonObjectBuilder body = Json.createObjectBuilder().add("users", users);
        if (more) {
            body.add("next", shown.get(shown.size() - 1).getName());
        }
        return Response.ok(body.build().toString()).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One account")
    @APIResponse(responseCode = "200", description = "the account")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response get(@PathParam("name") String name) {
        requireAdmin(security);
        return accounts.findByName(name).map(a -> Response.ok(describe(a).build().toString()).build())
                .orElseGet(() -> AdminChanges.error(Response.Status.NOT_FOUND, "no such account"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account {\"name\", \"password\", \"role\"}")
    @APIResponse(responseCode = "201", description = "created; Location names it")
    @APIResponse(responseCode = "400", description = "bad input")
    @APIResponse(responseCode = "409", description = "the name is taken")
    public Response create(String body, @Context UriInfo uri) {
        requireAdmin(security);
        JsonObject request;
        try (var reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            request = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return AdminChanges.error(Response.Status.BAD_REQUEST, "the body must be a JSON object");
        }
        String role = request.getString("role", "user");
        if (!role.equals("user") && !role.equals("admin")) {
            return AdminChanges.error(Response.Status.BAD_REQUEST, "role must be user or admin");
        }
        String name = request.getString("name", null);
        String password = request.getString("password", null);
        try {
            Account created = administration.create(security.getUserPrincipal().getName(), name, password,
                    role.equals("admin") ? Role.ADMIN : Role.USER);
            return Response.created(uri.getAbsolutePathBuilder().path(created.getName()).build())
                    .entity(describe(created).build().toString()).build();
        } catch (org.tunnelgate.platform.BusinessException e) {
            return org.tunnelgate.portal.http.Refusals.response(e);
        }
    }

    @POST
    @Path("{name}/disable")
    @Operation(summary = "Disable an account: its configurations leave the nodes, its apps are revoked")
    @APIResponse(responseCode = "204", description = "disabled")
    @APIResponse(responseCode = "403", description = "your own account")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "the last enabled admin")
    public Response disable(@PathParam("name") String name) {
        requireAdmin(security);
        return change(() -> administration.disable(actor(), name));
    }

    @POST
    @Path("{name}/enable")
    @Operation(summary = "Enable an account")
    @APIResponse(responseCode = "204", description = "enabled")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response enable(@PathParam("name") String name) {
        requireAdmin(security);
        return change(() -> administration.enable(actor(), name));
    }

    @jakarta.ws.rs.PUT
    @Path("{name}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the role {\"role\": \"user\"|\"admin\"}")
    @APIResponse(responseCode = "204", description = "changed")
    @APIResponse(responseCode = "400", description = "bad input")
    @APIResponse(responseCode = "403", description = "your own account")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "the last enabled admin")
    public Response role(@PathParam("name") String name, String body) {
        requireAdmin(security);
        String role = field(body, "role");
        if (!"user".equals(role) && !"admin".equals(role)) {
            return AdminChanges.error(Response.Status.BAD_REQUEST, "role must be user or admin");
        }
        return change(() -> administration.changeRole(actor(), name, role.equals("admin") ? Role.ADMIN : Role.USER));
    }

    @jakarta.ws.rs.PUT
    @Path("{name}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a new password {\"password\"} (the password policy applies)")
    @APIResponse(responseCode = "204", description = "set")
    @APIResponse(responseCode = "400", description = "bad input")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response password(@PathParam("name") String name, String body) {
        requireAdmin(security);
        String password = field(body, "password");
        return change(() -> administration.resetPassword(actor(), name, password));
    }

    @jakarta.ws.rs.DELETE
    @Path("{name}")
    @Operation(summary = "Delete an account (disabled first: everything it had ends)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "403", description = "your own account")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "the last enabled admin")
    public Response delete(@PathParam("name") String name) {
        requireAdmin(security);
        return change(() -> {
            if (accounts.findByName(name).map(Account::isEnabled).orElse(false)) {
                administration.disable(actor(), name);
            }
            administration.delete(actor(), name);
        });
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }

    /** Runs an audited change of {@link AccountAdministration}: 204, or its refusal's status and message. */
    private static Response change(Runnable work) {
        try {
            work.run();
            return Response.noContent().build();
        } catch (org.tunnelgate.platform.BusinessException e) {
            return org.tunnelgate.portal.http.Refusals.response(e);
        }
    }

    /** A string member of a JSON object body, or null (then the boundary refuses the missing value). */
    private static String field(String body, String name) {
        try (var reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonObject object = reader.readObject();
            return object.get(name) instanceof jakarta.json.JsonString s ? s.getString() : null;
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }

    static JsonObjectBuilder describe(Account a) {
        JsonObjectBuilder user = Json.createObjectBuilder()
                .add("name", a.getName())
                .add("role", a.getRole().roleName())
                .add("enabled", a.isEnabled())
                .add("created_at", a.getCreatedAt().toString());
        if (a.getLastLoginAt() != null) {
            user.add("last_login_at", a.getLastLoginAt().toString());
        }
        return user;
    }
}
