package org.tunnelgate.portal.rest;

import static org.tunnelgate.portal.rest.AdminChanges.audited;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.node.entity.NodeDefinition;

/**
 * Admin REST API for VPN nodes as database rows, {@code /api/admin/nodes} (role admin), until node
 * management with enrollment arrives: {@code GET} lists them, {@code PUT /api/admin/nodes/{name}}
 * with {@code {"name", "public_host", "wireguard_public_key"}} creates or updates one — e.g. to
 * register the WireGuard public key of a real node ({@code wg pubkey} of its private key). Audited.
 */
@Path("admin/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    @Inject
    Nodes nodes;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    public Response list() {
        requireAdmin(security);
        JsonArrayBuilder all = Json.createArrayBuilder();
        nodes.all().forEach(n -> all.add(ProfileJson.write(n.definition())));
        return Response.ok(all.build().toString()).build();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
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
