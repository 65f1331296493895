package org.tunnelgate.agent.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;

/**
 * A WireGuard interface the agent owns, with its complete peer set. The interface name is chosen
 * by the controller per node; two userspace interfaces on one host must differ in name because
 * wireguard-go's socket directory ({@code /run/wireguard}) is shared by all network namespaces.
 */
public record WgInterface(String name, int listenPort, List<IpNet> addresses, int mtu, List<WgPeer> peers) {

    public static final int DEFAULT_MTU = 1420;

    private static final Set<String> FIELDS = Set.of("name", "listen_port", "addresses", "mtu", "peers");

    static WgInterface from(Fields f) {
        f.allowOnly(FIELDS);
        String name = interfaceName(f.string("name"), f.where() + ".name");
        int port = (int) f.integer("listen_port", 1, 65535);
        var addresses = f.strings("addresses").stream()
                .map(s -> IpNet.parse(s, f.where() + ".addresses"))
                .toList();
        int mtu = (int) f.integer("mtu", 1280, 9000, DEFAULT_MTU);
        var peers = new ArrayList<WgPeer>();
        var keys = new HashSet<String>();
        var items = f.list("peers");
        for (int i = 0; i < items.size(); i++) {
            var peer = WgPeer.from(f.element("peers", i));
            if (!keys.add(peer.publicKey())) {
                throw new InvalidInput(f.where() + ".peers[" + i + "]: public key listed twice");
            }
            peers.add(peer);
        }
        return new WgInterface(name, port, addresses, mtu, List.copyOf(peers));
    }

    /** Linux interface names: at most 15 characters, no slash, no whitespace. */
    public static String interfaceName(String name, String where) {
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}")) {
            throw new InvalidInput(where + " must be 1-15 characters of letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    public WgInterface withPeers(List<WgPeer> newPeers) {
        return new WgInterface(name, listenPort, addresses, mtu, List.copyOf(newPeers));
    }

    Object toJson() {
        return Json.object(
                "name", name,
                "listen_port", listenPort,
                "addresses", addresses.stream().map(IpNet::text).toList(),
                "mtu", mtu,
                "peers", peers.stream().map(WgPeer::toJson).toList());
    }
}
