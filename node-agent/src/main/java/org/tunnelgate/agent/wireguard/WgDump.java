package org.tunnelgate.agent.wireguard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.agent.apply.PeerStatus;

/**
 * Parses {@code wg show <if> dump}. Its first line is the interface and holds the interface's
 * <em>private key</em>: it is skipped without being looked at, so it cannot end up in a log,
 * an exception message or a reply.
 */
public final class WgDump {

    private WgDump() {}

    public static List<PeerStatus> peers(String dump) {
        var peers = new ArrayList<PeerStatus>();
        String[] lines = dump.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            // public-key, preshared-key, endpoint, allowed-ips, latest-handshake, rx, tx, keepalive
            String[] f = lines[i].split("\t");
            if (f.length < 8) {
                throw new IllegalStateException("unexpected wg dump line " + i + " with " + f.length + " fields");
            }
            peers.add(new PeerStatus(
                    f[0],
                    "(none)".equals(f[2]) ? Optional.empty() : Optional.of(f[2]),
                    "(none)".equals(f[3]) ? List.of() : Arrays.asList(f[3].split(",")),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]),
                    Long.parseLong(f[6])));
        }
        return peers;
    }
}
