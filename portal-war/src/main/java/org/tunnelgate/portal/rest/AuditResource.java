package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.entity.AuditEntry;

/**
 * {@code GET /api/admin/audit?actor=…&action=prefix&target=…&before=id&limit=50}: the audit trail,
 * newest first, read-only; {@code next} in the answer is the {@code before} of the next page.
 */
@Path("admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Search the audit trail, newest first: actor, action (prefix), target, before (id), limit")
    @APIResponse(responseCode = "200", description = "a page of entries and the next before")
    public Response search(@QueryParam("actor") String actor, @QueryParam("action") String action,
                           @QueryParam("target") String target, @QueryParam("before") Long before,
                           @QueryParam("limit") Integer limit) {
        requireAdmin(security);
        int size = limit == null ? 50 : Math.max(1, Math.min(UsersResource.MAX_LIMIT, limit));
        List<AuditEntry> page = audit.search(new AuditTrail.Search(actor, action, target),
                before == null ? 0 : Math.max(0, before), size + 1);
        boolean more = page.size() > size;
        List<AuditEntry> shown = more ? page.subList(0, size) : page;
        JsonArrayBuilder entries = Json.createArrayBuilder();
        for (AuditEntry e : shown) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("id", e.getId())
                    .add("occurred_at", e.getOccurredAt().toString()).add("actor", e.getActor())
                    .add("action", e.getAction()).add("target", e.getTarget()).add("outcome", e.getOutcome());
            if (e.getFromAddress() != null) {
                entry.add("from_address", e.getFromAddress());
            }
            entries.add(entry);
        }
        JsonObjectBuilder body = Json.createObjectBuilder().add("entries", entries);
        if (more) {
            body.add("next", shown.get(shown.size() - 1).getId());
        }
        return Response.ok(body.build().toString()).build();
    }
}
