package org.tunnelgate.portal.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import static org.tunnelgate.portal.rest.AdminChanges.audited;
import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.stats.InvalidQuery;
import org.tunnelgate.stats.SessionNotFound;
import org.tunnelgate.stats.boundary.ConnectionLog;
import org.tunnelgate.stats.entity.LoggedConnection;
import org.tunnelgate.stats.entity.ConnectionFilter;

/**
 * The connection log in the admin REST API (role admin):
 * <ul>
 * <li>{@code GET /api/admin/connections?address=X&at=T} — who had VPN address X (IPv4 or IPv6) at
 *     time T (ISO-8601 with zone, e.g. {@code 2026-12-02T20:15:00Z}; default now): the sessions
 *     that covered that moment;</li>
 * <li>{@code GET /api/admin/connections?user=NAME&before=id&limit=50} — every session of a person,
 *     newest first ({@code next} is the {@code before} of the next page);</li>
 * <li>{@code GET /api/admin/connections/live?profile=&node=&user=&protocol=&before=&limit=} — the
 *     sessions that last now, newest first;</li>
 * <li>{@code DELETE /api/admin/connections/{id}} — disconnects a session: its configuration is
 *     removed (the peer leaves the node, an OpenVPN client is killed); 204, 404 for an unknown
 *     session or a configuration already gone. Audited as {@code connection.disconnect}.</li>
 * </ul>
 * Each session: account, profile, node, protocol, VPN addresses, originating address, times, bytes.
 */
@Path("admin/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    static final int DEFAULT_LIMIT = 50;

    @Inject
    ConnectionLog log;

    @Inject
    Configurations configurations;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Who had VPN address X at time T (address, at), or every session of a user (user, before, limit)")
    @APIResponse(responseCode = "200", description = "the sessions")
    @APIResponse(responseCode = "400", description = "not an address or time")
    public Response who(@QueryParam("address") String address, @QueryParam("at") String at, @QueryParam("user") String user,
                        @QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        requireAdmin(security);
        if ((address == null || address.isBlank()) && user != null && !user.isBlank()) {
            int size = limit == null ? DEFAULT_LIMIT : limit;
            return page(log.ofAccount(user, before == null ? 0 : Math.max(0, before), size + 1), size);
        }
        Instant when;
        try {
            when = at == null || at.isBlank() ? clock.instant() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidQuery("at must be an ISO-8601 time with zone, e.g. 2026-12-02T20:15:00Z");
        }
        JsonArrayBuilder found = Json.createArrayBuilder();
        log.at(address, when).forEach(c -> found.add(write(c)));
        return Response.ok(Json.createObjectBuilder().add("connections", found).build().toString()).build();
    }

    @GET
    @Path("live")
    @Operation(summary = "The live sessions, newest first: profile, node, user, protocol, before, limit")
    @APIResponse(responseCode = "200", description = "a page of sessions and the next before")
    @APIResponse(responseCode = "400", description = "bad filter")
    public Response live(@QueryParam("profile") String profile, @QueryParam("node") String node, @QueryParam("user") String user,
                         @QueryParam("protocol") String protocol, @QueryParam("before") Long before,
                         @QueryParam("limit") Integer limit) {
        requireAdmin(security);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        return page(log.live(new ConnectionFilter(profile, node, user, protocol), before == null ? 0 : Math.max(0, before),
                size + 1), size);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Disconnect a session: its configuration is removed (peer off the node, OpenVPN client killed)")
    @APIResponse(responseCode = "204", description = "disconnected")
    @APIResponse(responseCode = "404", description = "unknown session or configuration already gone")
    public Response disconnect(@PathParam("id") long id) {
        requireAdmin(security);
        LoggedConnection session = log.find(id).orElseThrow(() -> new SessionNotFound(id));
        return audited(audit, security, "connection.disconnect", String.valueOf(session.configurationId()),
                "the configuration was changed concurrently; try again", () -> {
                    configurations.delete(session.accountId(), session.configurationId());
                    return Response.noContent().build();
                });
    }

    private Response page(List<LoggedConnection> fetched, int size) {
        if (size < 1 || size > ConnectionLog.MAX_PAGE) {
            throw new InvalidQuery("limit must be between 1 and " + ConnectionLog.MAX_PAGE);
        }
        JsonArrayBuilder found = Json.createArrayBuilder();
        fetched.stream().limit(size).forEach(c -> found.add(write(c)));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("connections", found);
        if (fetched.size() > size) {
            answer.add("next", fetched.get(size - 1).id());
        }
        return Response.ok(answer.build().toString()).build();
    }

    static JsonObjectBuilder write(LoggedConnection c) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("id", c.id()).add("account", c.accountName())
                .add("account_id", c.accountId()).add("configuration_id", c.configurationId()).add("profile_id", c.profileId())
                .add("node", c.nodeName()).add("protocol", c.protocol())
                .add("connected_at", c.connectedAt().toString()).add("bytes_in", c.bytesIn()).add("bytes_out", c.bytesOut());
        if (c.ipv4() != null) {
            o.add("ipv4", c.ipv4());
        }
        if (c.ipv6() != null) {
            o.add("ipv6", c.ipv6());
        }
        if (c.origin() != null) {
            o.add("origin", c.origin());
        }
        if (c.disconnectedAt() != null) {
            o.add("disconnected_at", c.disconnectedAt().toString());
        }
        return o;
    }
}
