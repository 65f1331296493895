package org.tunnelgate.agent.openvpn;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CLIENT_LIST rows of OpenVPN's {@code status 3} (tab-separated): common name, real
 * address, virtual address, virtual IPv6 address, bytes received, bytes sent, connected since,
 * connected since (time_t), username, client id, peer id, cipher. Only clients with a tunnel
 * address count as connected.
 */
final class StatusParser {

    private StatusParser() {}

    static List<ConnectedClient> clients(List<String> lines) {
        var clients = new ArrayList<ConnectedClient>();
        for (String line : lines) {
            if (!line.startsWith("CLIENT_LIST\t")) continue;
            String[] f = line.split("\t", -1);
            // a client being refused is listed for a moment without a tunnel address: not connected
            if (f.length < 11 || (f[3].isEmpty() && f[4].isEmpty())) continue;
            clients.add(new ConnectedClient(
                    f[1], f[2], f[3], f[4],
                    Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[8]), Long.parseLong(f[10])));
        }
        return clients;
    }
}
