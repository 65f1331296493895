package org.tunnelgate.agent.wireguard;

import java.nio.charset.StandardCharsets;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/** Renders the {@code wg syncconf} input for an interface (it contains the private key: stdin only). */
final class WgConf {

    private WgConf() {}

    static byte[] render(WgInterface spec, String privateKey) {
        var out = new StringBuilder(128 + spec.peers().size() * 110);
        out.append("[Interface]\nPrivateKey = ").append(privateKey)
                .append("\nListenPort = ").append(spec.listenPort()).append('\n');
        for (WgPeer peer : spec.peers()) {
            out.append("\n[Peer]\nPublicKey = ").append(peer.publicKey()).append('\n');
            if (!peer.allowedIps().isEmpty()) {
                out.append("AllowedIPs = ");
                for (int i = 0; i < peer.allowedIps().size(); i++) {
                    if (i > 0) out.append(", ");
                    out.append(peer.allowedIps().get(i).text());
                }
                out.append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String allowedIps(WgPeer peer) {
        return String.join(",", peer.allowedIps().stream().map(IpNet::text).toList());
    }
}
