package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.audited;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.boundary.NodeStatuses;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.node.boundary.Registered;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.portal.http.PortalAddress;

/**
 * Admin REST API for VPN nodes, {@code /api/admin/nodes} (role admin; every change audited):
 * <ul>
 * <li>{@code GET} — every node with its enrollment, health ({@code up}, {@code down} with the
 *     reason, {@code maintenance}, or {@code unknown}; since when), configurations ({@code peers}),
 *     OpenVPN {@code clients}, {@code load_percent} of its capacity, {@code agent_version},
 *     {@code reconciled_at} and {@code last_repair}; {@code GET /{name}} — one node (404 if unknown);</li>
 * <li>{@code POST} {@code {"name", "agent_url", "public_host", "location", "capacity"}} — registers
 *     a node the controller manages: 201 with a one-time {@code enrollment_token} (shown only here;
 *     single use, expires after 24 h) and the {@code enroll_command} to run on the node;</li>
 * <li>{@code GET /{name}/repairs} — the latest 100 repairs reconciliation made on the node;</li>
 * <li>{@code POST /{name}/token} — a new token to re-enroll the node (the old token stops working);</li>
 * <li>{@code PUT /{name}/maintenance} with {@code true} or {@code false} — drain the node (no new
 *     sessions; existing ones stay) or put it back;</li>
 * <li>{@code DELETE /{name}} — removes the node and with it its certificate (409 while profiles
 *     still name it);</li>
 * <li>{@code PUT /{name}} {@code {"name", "public_host", "wireguard_public_key"}} — a bare registry
 *     row the controller does not manage (a node run by hand).</li>
 * </ul>
 */
@Path("admin/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    @Inject
    Nodes nodes;

    @Inject
    NodeStatuses statuses;

    @Inject
    AuditTrail audit;

    @Inject
    PortalAddress address;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Every node with health, load, agent version, last reconciliation and latest repair")
    @APIResponse(responseCode = "200", description = "the nodes")
    public Response list() {
        requireAdmin(security);
        JsonArrayBuilder all = Json.createArrayBuilder();
        statuses.statuses().forEach(n -> all.add(NodeJson.write(n)));
        return Response.ok(all.build().toString()).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One node")
    @APIResponse(responseCode = "200", description = "the node")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response one(@PathParam("name") String name) {
        requireAdmin(security);
        return Response.ok(NodeJson.write(statuses.status(name)).toString()).build();
    }

    @GET
    @Path("{name}/repairs")
    @Operation(summary = "The latest 100 repairs reconciliation made on a node")
    @APIResponse(responseCode = "200", description = "the repairs")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response repairs(@PathParam("name") String name) {
        requireAdmin(security);
        JsonArrayBuilder all = Json.createArrayBuilder();
        statuses.repairs(name, 100).forEach(r -> all.add(Json.createObjectBuilder().add("at", r.at().toString())
                .add("fencing_token", r.fencingToken()).add("peers_added", r.peersAdded())
                .add("peers_removed", r.peersRemoved()).add("detail", r.detail())));
        return Response.ok(all.build().toString()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a node the controller manages; answers its one-time enrollment token and command")
    @APIResponse(responseCode = "201", description = "registered, with enrollment_token and enroll_command")
    @APIResponse(responseCode = "400", description = "bad input")
    public Response register(String body) {
        requireAdmin(security);
        return audited(audit, security, "node.register", null, "the node was changed concurrently; try again", () -> {
            Registered registered = nodes.register(NodeJson.readRegistration(body));
            return Response.created(uri.getBaseUriBuilder().path("admin/nodes").path(registered.node().name()).build())
                    .entity(NodeJson.write(registered, address.baseUrl(request)).toString()).build();
        });
    }

    @POST
    @Path("{name}/token")
    @Operation(summary = "A new enrollment token for a node (the old one stops working)")
    @APIResponse(responseCode = "200", description = "the node with its new token")
    @APIResponse(responseCode = "404", description = "unknown or not managed")
    public Response newToken(@PathParam("name") String name) {
        requireAdmin(security);
        return audited(audit, security, "node.token", name, "the node was changed concurrently; try again", () ->
                Response.ok(NodeJson.write(nodes.newToken(name), address.baseUrl(request)).toString()).build());
    }

    @PUT
    @Path("{name}/maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Drain a node (true: no new sessions, existing ones stay) or put it back (false)")
    @APIResponse(responseCode = "204", description = "done")
    @APIResponse(responseCode = "400", description = "the body is not true or false")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response maintenance(@PathParam("name") String name, String body) {
        requireAdmin(security);
        return audited(audit, security, "node.maintenance", name, "the node was changed concurrently; try again", () -> {
            String value = body == null ? "" : body.strip();
            if (!value.equals("true") && !value.equals("false")) {
                throw new InvalidNode("the body must be true or false");
            }
            nodes.setMaintenance(name, Boolean.parseBoolean(value));
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Remove a node; its certificate is refused from then on")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "profiles still name it")
    public Response remove(@PathParam("name") String name) {
        requireAdmin(security);
        return audited(audit, security, "node.remove", name, "the node was changed concurrently; try again", () -> {
            nodes.remove(name);
            return Response.noContent().build();
        });
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a bare registry row the controller does not manage")
    @APIResponse(responseCode = "200", description = "saved")
    @APIResponse(responseCode = "400", description = "bad input")
    public Response save(@PathParam("name") String name, String body) {
        requireAdmin(security);
        return audited(audit, security, "node.save", name, "the node was changed concurrently; reload and try again", () -> {
            NodeDefinition definition = ProfileJson.readNode(body);
            if (!name.equals(definition.name())) {
                throw new InvalidNode("name in the body must match the URL");
            }
            var saved = nodes.save(definition);
            return Response.ok(ProfileJson.write(saved.definition()).toString()).build();
        });
    }

}
