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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.tunnelgate.platform.ClusterState;
import org.tunnelgate.platform.InstanceName;
import org.tunnelgate.platform.Version;

/**
 * The cluster page's data, {@code GET /api/admin/cluster} (role admin), until the admin console
 * shows it: every controller instance with its version, start and last successful write (which is
 * what keepalived's readiness check sees), the job scheduler's controllers with their heartbeats,
 * the scheduled jobs and who holds them, and the state of the Galera node that answered. See docs/ha.md.
 */
@Path("admin/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    ClusterState cluster;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "The controller instances with their heartbeats and each cluster-wide job's holder and lease")
    @APIResponse(responseCode = "200", description = "instances and jobs")
    public Response cluster() {
        requireAdmin(security);
        JsonArrayBuilder instances = Json.createArrayBuilder();
        for (ClusterState.Instance i : cluster.instances()) {
            instances.add(Json.createObjectBuilder()
                    .add("name", i.name())
                    .add("version", i.version())
                    .add("started_at", i.startedAt().toString())
                    .add("last_heartbeat", i.lastWrite().toString())
                    .add("ready", i.ready()));
        }
        JsonArrayBuilder controllers = Json.createArrayBuilder();
        for (ClusterState.Controller c : cluster.controllers()) {
            controllers.add(Json.createObjectBuilder().add("id", c.id()).add("host", c.host())
                    .add("started_at", c.startedAt().toString()).add("last_heartbeat", c.heartbeat().toString()));
        }
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        for (ClusterState.Job job : cluster.jobs()) {
            jobs.add(Json.createObjectBuilder().add("name", job.name())
                    .add("holder", job.holderHost() != null ? job.holderHost() : String.valueOf(job.holderId()))
                    .add("holder_id", String.valueOf(job.holderId()))
                    .add("fencing_token", job.fencingToken()).add("lease_until", job.leaseUntil().toString()));
        }
        JsonObjectBuilder database = Json.createObjectBuilder();
        cluster.database().status().forEach(database::add);
        return Response.ok(Json.createObjectBuilder()
                .add("answered_by", Json.createObjectBuilder()
                        .add("name", InstanceName.qualified()).add("version", Version.current()))
                .add("instances", instances)
                .add("controllers", controllers)
                .add("jobs", jobs)
                .add("database", database)
                .build().toString()).header("Cache-Control", "no-store").build();
    }
}
