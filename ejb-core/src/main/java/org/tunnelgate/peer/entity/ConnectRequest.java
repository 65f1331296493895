package org.tunnelgate.peer.entity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.tunnelgate.profile.entity.Protocol;

/**
 * What a caller asks {@link org.tunnelgate.peer.boundary.Configurations#connect} for.
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
 *                           a profile's shorter session expiry wins
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
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A VPN app's {@code /connect}. */
    public static ConnectRequest fromApp(long accountId, long authorizationId, String profileId,
                                         List<Protocol> supportedProtocols, String wireGuardPublicKey,
                                         boolean preferTcp, Instant expiresAt) {
        return new ConnectRequest(accountId, authorizationId, profileId, supportedProtocols, wireGuardPublicKey,
                preferTcp, expiresAt, null);
    }

    /** A portal download of one protocol; the server generates the WireGuard key pair. */
    public static ConnectRequest fromPortal(long accountId, String profileId, Protocol protocol, boolean preferTcp,
                                            Instant expiresAt, String displayName) {
        return new ConnectRequest(accountId, null, profileId, List.of(protocol), null, preferTcp, expiresAt,
                displayName);
    }

    public boolean fromApp() {
        return authorizationId != null;
    }
}
