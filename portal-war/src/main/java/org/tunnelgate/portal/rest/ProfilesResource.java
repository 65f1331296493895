package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
import java.util.function.Supplier;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * Admin REST API for VPN profiles, {@code /api/admin/profiles} (role admin; HTTP Basic accepted).
 * Bodies use the seed file's profile format (see {@code config/profiles.example.json}):
 * <ul>
 * <li>{@code GET /api/admin/profiles} — all profiles, in display order</li>
 * <li>{@code GET /api/admin/profiles/{id}} — one profile, 404 if unknown</li>
 * <li>{@code POST /api/admin/profiles} — create; 201 with Location, 400 with the problems</li>
 * <li>{@code PUT /api/admin/profiles/{id}} — replace the settings of an existing profile</li>
 * <li>{@code DELETE /api/admin/profiles/{id}} — delete it and every configuration issued for it</li>
 * </ul>
 * Errors are {@code {"error": "…"}}. Every change lands in the audit trail, refused ones too.
 */
@Path("admin/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfilesResource {

    @Inject
    Profiles profiles;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Every VPN profile")
    @APIResponse(responseCode = "200", description = "the profiles")
    public Response list() {
        AdminChanges.requireAdmin(security);
        JsonArrayBuilder all = Json.createArrayBuilder();
        profiles.all().forEach(p -> all.add(ProfileJson.write(p.definition())));
        return Response.ok(all.build().toString()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One profile")
    @APIResponse(responseCode = "200", description = "the profile")
    @APIResponse(responseCode = "404", description = "unknown")
    public Response get(@PathParam("id") String id) {
        AdminChanges.requireAdmin(security);
        return profiles.find(id).map(p -> Response.ok(ProfileJson.write(p.definition()).toString()).build())
                .orElseGet(() -> AdminChanges.error(Response.Status.NOT_FOUND, "no such profile"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a profile")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "every problem of the definition")
    @APIResponse(responseCode = "409", description = "the id is taken")
    public Response create(String body, @Context UriInfo uri) {
        AdminChanges.requireAdmin(security);
        return change("profile.create", null, () -> {
            Profile created = profiles.create(ProfileJson.readProfile(body));
            return Response.created(uri.getAbsolutePathBuilder().path(created.profileId()).build())
                    .entity(ProfileJson.write(created.definition()).toString()).build();
        });
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a profile")
    @APIResponse(responseCode = "200", description = "the changed profile")
    @APIResponse(responseCode = "400", description = "every problem of the definition")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "changed concurrently")
    public Response update(@PathParam("id") String id, String body) {
        AdminChanges.requireAdmin(security);
        return change("profile.update", id, () -> {
            ProfileDefinition definition = ProfileJson.readProfile(body);
            if (!id.equals(definition.profileId())) {
                throw new InvalidProfile("profile_id in the body must match the URL");
            }
            return Response.ok(ProfileJson.write(profiles.update(definition).definition()).toString()).build();
        });
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a profile")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "unknown")
    @APIResponse(responseCode = "409", description = "it still has configurations")
    public Response delete(@PathParam("id") String id) {
        AdminChanges.requireAdmin(security);
        return change("profile.delete", id, () -> {
            profiles.delete(id);
            return Response.noContent().build();
        });
    }

    private Response change(String action, String target, Supplier<Response> work) {
        return AdminChanges.audited(audit, security, action, target,
                "the profile was changed concurrently; reload and try again", work);
    }
}
