package org.tunnelgate.agent.apply;

import java.util.List;
import java.util.Optional;
import org.tunnelgate.agent.json.Json;

/**
 * A peer as WireGuard reports it. Bytes are seen from the node: {@code bytesIn} is what the peer
 * sent to us. The preshared key column of the dump is deliberately not kept.
 */
public record PeerStatus(
        String publicKey,
        Optional<String> endpoint,
        List<String> allowedIps,
        long latestHandshake,
        long bytesIn,
        long bytesOut) {

    public Object toJson(String interfaceName) {
        return Json.object(
                "interface", interfaceName,
                "public_key", publicKey,
                "endpoint", endpoint.orElse(null),
                "allowed_ips", allowedIps,
                "latest_handshake", latestHandshake == 0 ? null : latestHandshake,
                "bytes_in", bytesIn,
                "bytes_out", bytesOut);
    }
}
