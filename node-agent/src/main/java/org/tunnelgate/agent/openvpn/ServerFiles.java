package org.tunnelgate.agent.openvpn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.OpenVpnListener;
import org.tunnelgate.agent.state.OpenVpnProfile;

/**
 * The files of one OpenVPN server process, rendered from the desired state: {@code server.conf}
 * plus the CA, certificate, key and tls-crypt key it points to. Every value that reaches the
 * configuration text was validated as an address, a number or a fixed word, so nothing from the
 * controller can inject an OpenVPN directive.
 */
record ServerFiles(String key, String device, Path dir, Map<String, String> files) {

    static ServerFiles render(OpenVpnProfile profile, OpenVpnListener listener, Path openvpnDir) {
        String key = listener.key(profile.name());
        String device = device(key);
        Path dir = openvpnDir.resolve(key);
        var conf = new StringBuilder("# written by tunnelgate-node-agent from the desired state; edits are overwritten\n");
        line(conf, "dev " + device);
        line(conf, "dev-type tun");
        line(conf, "proto " + (listener.proto().equals("tcp") ? "tcp-server" : "udp"));
        profile.local().ifPresent(local -> line(conf, "local " + local));
        line(conf, "port " + listener.port());
        line(conf, "topology subnet");
        IpNet pool = listener.pool4();
        line(conf, "server " + IpNet.format(pool.network()) + " " + pool.netmask());
        listener.pool6().ifPresent(p6 -> line(conf, "server-ipv6 " + IpNet.format(p6.network()) + "/" + p6.prefix()));
        for (IpNet route : profile.routes()) {
            line(conf, route.isV4()
                    ? "push \"route " + IpNet.format(route.network()) + " " + route.netmask() + "\""
                    : "push \"route-ipv6 " + IpNet.format(route.network()) + "/" + route.prefix() + "\"");
        }
        if (profile.defaultGateway()) {
            line(conf, "push \"redirect-gateway def1" + (listener.pool6().isPresent() ? " ipv6" : "") + "\"");
        }
        for (String dns : profile.dns()) {
            line(conf, "push \"dhcp-option " + (dns.contains(":") ? "DNS6 " : "DNS ") + dns + "\"");
        }
        line(conf, "ca " + dir.resolve("ca.crt"));
        line(conf, "cert " + dir.resolve("server.crt"));
        line(conf, "key " + dir.resolve("server.key"));
        line(conf, "tls-crypt " + dir.resolve("tls-crypt.key"));
        line(conf, "dh none");
        line(conf, "tls-version-min 1.3");
        line(conf, "remote-cert-tls client");
        line(conf, "data-ciphers AES-256-GCM:CHACHA20-POLY1305");
        // the Debian build has DCO support but no ovpn-dco module; be explicit so logs stay quiet
        line(conf, "disable-dco");
        line(conf, "keepalive 10 60");
        line(conf, "persist-key");
        line(conf, "persist-tun");
        if (listener.proto().equals("udp")) {
            line(conf, "explicit-exit-notify 1");
        }
        // the agent approves every client (client-auth / client-deny) and is told of every disconnect
        line(conf, "management " + dir.resolve("mgmt.sock") + " unix");
        line(conf, "management-client-auth");
        // clients authenticate with their certificate only; without this, client-auth would demand a password
        line(conf, "auth-user-pass-optional");
        // a (re)started process waits until the agent is attached, so no client slips through unapproved
        line(conf, "management-hold");
        line(conf, "writepid " + dir.resolve("openvpn.pid"));
        line(conf, "verb 3");

        var files = new LinkedHashMap<String, String>();
        files.put("server.conf", conf.toString());
        files.put("ca.crt", profile.ca());
        files.put("server.crt", profile.cert());
        files.put("server.key", profile.key());
        files.put("tls-crypt.key", profile.tlsCrypt());
        return new ServerFiles(key, device, dir, files);
    }

    Path config() {
        return dir.resolve("server.conf");
    }

    Path managementSocket() {
        return dir.resolve("mgmt.sock");
    }

    Path pidFile() {
        return dir.resolve("openvpn.pid");
    }

    /**
     * Tun device name: Linux allows 15 characters, profile names may be longer, so it is derived
     * from a hash of the process identity — stable across restarts, distinct per process.
     */
    static String device(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "tgo" + HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void line(StringBuilder out, String line) {
        out.append(line).append('\n');
    }
}
