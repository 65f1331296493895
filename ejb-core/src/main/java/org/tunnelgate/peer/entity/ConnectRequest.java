package org.tunnelgate.peer.entity;

import java.time.Instant;
import java.util.List;
import org.tunnelgate.profile.entity.Protocol;

/**
 * What a caller asks {@link org.tunnelgate.peer.boundary.Configurations#connect} for. Built by name,
 * never positionally: {@code ConnectRequest.app(account, authorization, "employees")
 * .supporting(List.of(WIREGUARD)).withWireGuardKey(key).preferringTcp(false).expiringAt(expiry)}, or
 * {@code ConnectRequest.portal(account, "employees", WIREGUARD).named("laptop")}.
 *
 * @param accountId          the account the configuration is for
 * @param authorizationId    the app's OAuth authorization, or null for a portal download
 * @param profileId          untrusted; an unknown or forbidden profile gives {@code ProfileNotFound}
 * @param supportedProtocols what the client can use, in any order (the profile's order decides).
 *                           For apps, WireGuard counts only when a public key is given as well.
 * @param wireGuardPublicKey the app's WireGuard public key (untrusted, checked), or null. Portal
 *                           downloads leave it null: the server then generates a key pair and puts
 *                           the private key into the configuration (never stored).
 * @param preferTcp          {@code prefer_tcp=yes}: OpenVPN first if the profile has TCP ports,
 *                           and TCP remotes before UDP ones
 * @param expiresAt          when the configuration must stop working (the authorization's expiry);
 *                           a profile's shorter session expiry wins. Null for a portal download: the
 *                           server-wide session expiry from now.
 * @param displayName        a portal download's name chosen by the person (null for apps)
 */
public record ConnectRequest(
        long accountId,
        Long authorizationId,
        String profileId,
        List<Protocol> supportedProtocols,
        String wireGuardPublicKey,
        boolean preferTcp,
        Instant expiresAt,
        String displayName) {

    public ConnectRequest {
        supportedProtocols = List.copyOf(supportedProtocols);
    }

    /** A VPN app's {@code /connect}, supporting nothing yet. */
    public static ConnectRequest app(long accountId, long authorizationId, String profileId) {
        return new ConnectRequest(accountId, authorizationId, profileId, List.of(), null, false, null, null);
    }

    /** A portal download of one protocol; the server generates the WireGuard key pair. */
    public static ConnectRequest portal(long accountId, String profileId, Protocol protocol) {
        return new ConnectRequest(accountId, null, profileId, List.of(protocol), null, false, null, null);
    }

    public ConnectRequest supporting(List<Protocol> protocols) {
        return new ConnectRequest(accountId, authorizationId, profileId, protocols, wireGuardPublicKey, preferTcp,
                expiresAt, displayName);
    }

    public ConnectRequest withWireGuardKey(String publicKey) {
        return new ConnectRequest(accountId, authorizationId, profileId, supportedProtocols, publicKey, preferTcp,
                expiresAt, displayName);
    }

    public ConnectRequest preferringTcp(boolean tcp) {
        return new ConnectRequest(accountId, authorizationId, profileId, supportedProtocols, wireGuardPublicKey, tcp,
                expiresAt, displayName);
    }

    public ConnectRequest expiringAt(Instant expiry) {
        return new ConnectRequest(accountId, authorizationId, profileId, supportedProtocols, wireGuardPublicKey,
                preferTcp, expiry, displayName);
    }

    public ConnectRequest named(String name) {
        return new ConnectRequest(accountId, authorizationId, profileId, supportedProtocols, wireGuardPublicKey,
                preferTcp, expiresAt, name);
    }

    public boolean fromApp() {
        return authorizationId != null;
    }
}
