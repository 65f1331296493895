package org.tunnelgate.peer.entity;

import java.time.Instant;
import org.tunnelgate.profile.entity.Protocol;

/**
 * An issued configuration as the client receives it.
 *
 * @param id          the stored configuration's id (portal: to delete it later)
 * @param protocol    what was chosen
 * @param contentType exactly {@code application/x-wireguard-profile} or {@code application/x-openvpn-profile}
 * @param body        the configuration file; for portal WireGuard downloads it contains the
 *                    private key, which exists nowhere else — show it once
 * @param expiresAt   when it stops working: the value of the HTTP {@code Expires} header
 */
public record VpnConfiguration(long id, Protocol protocol, String contentType, String body, Instant expiresAt) {

    @Override
    public String toString() {
        return "VpnConfiguration[id=" + id + ", protocol=" + protocol + ", expiresAt=" + expiresAt + "]"; // never the body
    }
}
