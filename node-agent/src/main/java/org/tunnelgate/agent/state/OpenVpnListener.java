package org.tunnelgate.agent.state;

import java.util.Optional;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;

/**
 * One OpenVPN server process: its protocol, port and client address pools. A profile with
 * several processes lists several listeners; their pools must not overlap (the controller splits
 * the profile's range).
 */
public record OpenVpnListener(String proto, int port, IpNet pool4, Optional<IpNet> pool6) {

    static OpenVpnListener from(Fields f) {
        f.allowOnly(Set.of("proto", "port", "pool4", "pool6"));
        String proto = f.string("proto");
        if (!proto.equals("udp") && !proto.equals("tcp")) {
            throw new InvalidInput(f.where() + ".proto must be \"udp\" or \"tcp\"");
        }
        int port = (int) f.integer("port", 1, 65535);
        IpNet pool4 = IpNet.parse(f.string("pool4"), f.where() + ".pool4");
        if (!pool4.isV4() || pool4.prefix() > 29) {
            throw new InvalidInput(f.where() + ".pool4 must be an IPv4 network of /29 or larger");
        }
        Optional<IpNet> pool6 = Optional.empty();
        if (f.has("pool6")) {
            IpNet net = IpNet.parse(f.string("pool6"), f.where() + ".pool6");
            if (net.isV4() || net.prefix() > 124 || net.prefix() < 64) {
                throw new InvalidInput(f.where() + ".pool6 must be an IPv6 network between /64 and /124");
            }
            pool6 = Optional.of(net);
        }
        return new OpenVpnListener(proto, port, pool4, pool6);
    }

    /** Stable identity of the process on this node: profile, protocol and port. */
    public String key(String profile) {
        return profile + "-" + proto + "-" + port;
    }

    Object toJson() {
        var json = Json.object("proto", proto, "port", port, "pool4", pool4.text());
        pool6.ifPresent(p -> json.put("pool6", p.text()));
        return json;
    }
}
