package org.tunnelgate.portal.rest;

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
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.tunnelgate.stats.InvalidQuery;
import org.tunnelgate.stats.boundary.ConnectionLog;
import org.tunnelgate.stats.entity.LoggedConnection;

/**
 * {@code GET /api/admin/connections?address=X&at=T} (role admin): who had VPN address X (IPv4 or
 * IPv6) at time T (ISO-8601 with zone, e.g. {@code 2026-12-02T20:15:00Z}; default now) — the
 * sessions of the connection log that covered that moment, with account, profile, node, protocol,
 * addresses, originating address, times and bytes.
 */
@Path("admin/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    @Inject
    ConnectionLog log;

    @Inject
    Clock clock;

    @Context
    SecurityContext security;

    @GET
    public Response who(@QueryParam("address") String address, @QueryParam("at") String at) {
        requireAdmin(security);
        Instant when;
        try {
            when = at == null || at.isBlank() ? clock.instant() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidQuery("at must be an ISO-8601 time with zone, e.g. 2026-12-02T20:15:00Z");
        }
        JsonArrayBuilder found = Json.createArrayBuilder();
        for (LoggedConnection c : log.at(address, when)) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("account", c.accountName()).add("account_id", c.accountId())
                    .add("configuration_id", c.configurationId()).add("profile_id", c.profileId())
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
            found.add(o);
        }
        return Response.ok(Json.createObjectBuilder().add("connections", found).build().toString()).build();
    }
}
