package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import org.tunnelgate.peer.boundary.AddressPools;
import org.tunnelgate.stats.InvalidQuery;
import org.tunnelgate.stats.boundary.Statistics;

/**
 * {@code GET /api/admin/statistics?days=30&hours=24} (role admin): the daily figures per profile of
 * the last {@code days} UTC days ({@code days}: day, profile, unique users, most concurrent), the
 * 5-minute samples of the live connections per profile and node of the last {@code hours}
 * ({@code samples}) and the address-pool use now ({@code pools}) — the data of the console's
 * statistics page.
 */
@Path("admin/statistics")
@Produces(MediaType.APPLICATION_JSON)
public class StatisticsResource {

    @Inject
    Statistics statistics;

    @Inject
    AddressPools pools;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Daily unique users and most concurrent connections per profile (days), the 5-minute samples (hours), pool use")
    @APIResponse(responseCode = "200", description = "days, samples and pools")
    @APIResponse(responseCode = "400", description = "days or hours out of range")
    public Response figures(@QueryParam("days") Integer days, @QueryParam("hours") Integer hours) {
        requireAdmin(security);
        int dayCount = days == null ? 30 : days;
        int hourCount = hours == null ? 24 : hours;
        if (dayCount < 1 || dayCount > 400) {
            throw new InvalidQuery("days must be between 1 and 400");
        }
        if (hourCount < 1 || hourCount > 744) {
            throw new InvalidQuery("hours must be between 1 and 744");
        }
        JsonArrayBuilder daily = Json.createArrayBuilder();
        statistics.days(dayCount).forEach(d -> daily.add(Json.createObjectBuilder().add("day", d.day().toString())
                .add("profile_id", d.profileId()).add("unique_users", d.uniqueUsers()).add("max_concurrent", d.maxConcurrent())));
        JsonArrayBuilder samples = Json.createArrayBuilder();
        statistics.samples(Duration.ofHours(hourCount)).forEach(s -> samples.add(Json.createObjectBuilder()
                .add("at", s.sampledAt().toString()).add("profile_id", s.profileId()).add("node", s.nodeName())
                .add("connections", s.connections())));
        JsonArrayBuilder pool = Json.createArrayBuilder();
        pools.use().forEach(p -> pool.add(Json.createObjectBuilder().add("profile_id", p.profileId())
                .add("protocol", p.protocol().apiName()).add("in_use", p.used()).add("capacity", p.capacity())
                .add("percent", p.percent())));
        return Response.ok(Json.createObjectBuilder().add("days", daily).add("samples", samples).add("pools", pool)
                .build().toString()).build();
    }
}
