package org.tunnelgate.portal.api;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.tunnelgate.oauth.boundary.ApiGrant;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.portal.http.FormBody;
import org.tunnelgate.portal.http.HttpDates;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.Protocol;

/**
 * {@code /api/v3/info}, {@code /connect} and {@code /disconnect} of the eduVPN / Let's Connect! API.
 * Bodies are read and checked here (not by JAX-RS) so that every malformed request is a 4xx with a
 * JSON error before anything is touched.
 *
 * <p>One instance for all requests (the servlet request comes in as a parameter): a per-request
 * resource made Jersey create and inject one through CDI and HK2 on every call, ~14 % of a
 * {@code /connect}'s CPU on the request thread (docs/benchmarks.md).
 */
@ApplicationScoped
@Path("v3")
@VpnAppApi
public class VpnApiResource {

    @Inject
    Profiles profiles;

    @Inject
    Configurations configurations;

    @GET
    @Path("info")
    public Response info(@Context HttpServletRequest request) {
        ApiGrant grant = grant(request);
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (Profile profile : profiles.usableBy(grant.accountName(), grant.admin())) {
            list.add(describe(profile));
        }
        String body = JSON.createObjectBuilder()
                .add("info", JSON.createObjectBuilder().add("profile_list", list)).build().toString();
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("connect")
    public Response connect(@Context HttpServletRequest request, InputStream body) throws IOException {
        ApiGrant grant = grant(request);
        ConnectParameters parameters;
        try {
            parameters = ConnectParameters.from(FormBody.read(request.getContentType(), body));
        } catch (FormBody.Rejected e) {
            return ApiErrors.error(switch (e.reason()) {
                case WRONG_TYPE -> 415;
                case TOO_LARGE -> 413;
                case MALFORMED -> 400;
            }, e.getMessage());
        } catch (ConnectParameters.Invalid e) {
            return ApiErrors.error(400, e.getMessage());
        }
        List<Protocol> supported = supportedProtocols(request, parameters);
        // a refusal (unknown profile, no capacity, …) propagates to the one BusinessExceptionMapper
        VpnConfiguration configuration = configurations.connect(ConnectRequest.app(grant.accountId(),
                        grant.authorizationId(), parameters.profileId())
                .supporting(supported)
                .withWireGuardKey(parameters.publicKey())
                .preferringTcp(parameters.preferTcp())
                .expiringAt(grant.authorizationExpiresAt()), grant.accountName(), grant.admin());
        // Bytes, not a String: no message body writer gets the chance to append "; charset=…", and the
        // apps compare the Content-Type literally.
        return Response.ok(configuration.body().getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", configuration.contentType())
                .header("Expires", HttpDates.format(configuration.expiresAt()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("disconnect")
    public Response disconnect(@Context HttpServletRequest request, InputStream body) throws IOException {
        ApiGrant grant = grant(request);
        try {
            FormBody.read(request.getContentType(), body);
        } catch (FormBody.Rejected e) {
            return ApiErrors.error(e.reason() == FormBody.Rejected.Reason.TOO_LARGE ? 413 : 400, e.getMessage());
        }
        configurations.disconnectAuthorization(grant.authorizationId());
        return Response.noContent().build();
    }

    /**
     * What the app can use: its merged {@code Accept} lines (all of them, straight from the servlet
     * request), where WireGuard also needs a public key. The profile's order decides the preference.
     */
    private static List<Protocol> supportedProtocols(HttpServletRequest request, ConnectParameters parameters) {
        Set<AcceptedProfiles.Format> formats = AcceptedProfiles.from(Collections.list(request.getHeaders("Accept")));
        List<Protocol> supported = new ArrayList<>();
        if (formats.contains(AcceptedProfiles.Format.WIREGUARD) && parameters.publicKey() != null) {
            supported.add(Protocol.WIREGUARD);
        }
        if (formats.contains(AcceptedProfiles.Format.OPENVPN)) {
            supported.add(Protocol.OPENVPN);
        }
        return supported;
    }

    private static JsonObjectBuilder describe(Profile profile) {
        JsonArrayBuilder protocols = JSON.createArrayBuilder();
        JsonArrayBuilder transports = JSON.createArrayBuilder();
        for (Protocol protocol : profile.protocols()) {
            protocols.add(protocol.apiName());
            if (protocol == Protocol.WIREGUARD) {
                transports.add("wireguard+udp");
            } else {
                if (!profile.openvpnUdpPorts().isEmpty()) {
                    transports.add("openvpn+udp");
                }
                if (!profile.openvpnTcpPorts().isEmpty()) {
                    transports.add("openvpn+tcp");
                }
            }
        }
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("profile_id", profile.profileId())
                .add("display_name", profile.displayName())
                .add("vpn_proto_list", protocols)
                .add("vpn_proto_transport_list", transports)
                .add("default_gateway", profile.defaultGateway());
        if (!profile.dnsSearchDomains().isEmpty()) {
            json.add("dns_search_domain_list", JSON.createArrayBuilder(profile.dnsSearchDomains()));
        }
        return json;
    }

    private static ApiGrant grant(HttpServletRequest request) {
        return (ApiGrant) request.getAttribute(BearerTokenFilter.GRANT);
    }
}
