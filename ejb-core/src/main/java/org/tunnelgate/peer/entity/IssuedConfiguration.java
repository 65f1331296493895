package org.tunnelgate.peer.entity;

import java.time.Instant;
import org.tunnelgate.profile.entity.Protocol;

/**
 * A stored configuration (one {@code vpn_configuration} row): who has it, for which profile, on
 * which node with which address or certificate, and until when. Holds no secrets.
 */
public record IssuedConfiguration(
        long id,
        long accountId,
        Long authorizationId,
        String displayName,
        String profileId,
        Protocol protocol,
        String nodeName,
        String wireGuardPublicKey,
        Long wireGuardHost,
        String ipv4,
        String ipv6,
        String certificateSerial,
        String certificateCommonName,
        Instant createdAt,
        Instant expiresAt) {

    public boolean fromApp() {
        return authorizationId != null;
    }

    /**
     * Both are WireGuard peers of the same node and profile, so of one WireGuard interface: one call
     * to the node can add the one and remove the other.
     */
    public boolean onSameInterfaceAs(IssuedConfiguration other) {
        return protocol == Protocol.WIREGUARD && other.protocol == Protocol.WIREGUARD
                && nodeName != null && nodeName.equals(other.nodeName) && profileId.equals(other.profileId);
    }
}
