package org.tunnelgate.openvpn.control;

import java.util.List;

/**
 * Writes an OpenVPN client configuration with everything inline, as the contract (api-v3.md §4)
 * and the eduVPN apps expect:
 *
 * <pre>
 * client
 * dev tun
 * nobind
 * remote-cert-tls server
 * verb 3
 * server-poll-timeout 10
 * tls-version-min 1.3
 * data-ciphers AES-256-GCM:CHACHA20-POLY1305
 * reneg-sec 0
 * explicit-exit-notify                 (only when UDP ports are offered)
 * remote vpn.example.org 1194 udp      (every host × every UDP port, then every TCP port;
 * remote vpn.example.org 1194 tcp       TCP first with prefer_tcp)
 * &lt;ca&gt; … &lt;/ca&gt;
 * &lt;cert&gt; … &lt;/cert&gt;
 * &lt;key&gt; … &lt;/key&gt;
 * &lt;tls-crypt&gt; … &lt;/tls-crypt&gt;
 * </pre>
 *
 * Routes, DNS and redirect-gateway are pushed by the node's server configuration, not written
 * here. {@code reneg-sec 0} leaves renegotiation to the server. {@code explicit-exit-notify} makes
 * a client that stops over UDP tell the node, so the node reports the disconnect (and the
 * connection log closes the session) at once instead of after the server's keepalive timeout;
 * OpenVPN ignores it for the TCP remotes, where the closed connection says as much.
 */
public final class OpenVpnConfigFile {

    private OpenVpnConfigFile() {}

    public static String render(List<String> hosts, List<Integer> udpPorts, List<Integer> tcpPorts, boolean preferTcp,
                                String caPem, String certificatePem, String privateKeyPem, String tlsCryptKey) {
        StringBuilder out = new StringBuilder()
                .append("client\n")
                .append("dev tun\n")
                .append("nobind\n")
                .append("remote-cert-tls server\n")
                .append("verb 3\n")
                .append("server-poll-timeout 10\n")
                .append("tls-version-min 1.3\n")
                .append("data-ciphers AES-256-GCM:CHACHA20-POLY1305\n")
                .append("reneg-sec 0\n");
        if (!udpPorts.isEmpty()) {
            out.append("explicit-exit-notify\n");
        }
        if (preferTcp) {
            remotes(out, hosts, tcpPorts, "tcp");
            remotes(out, hosts, udpPorts, "udp");
        } else {
            remotes(out, hosts, udpPorts, "udp");
            remotes(out, hosts, tcpPorts, "tcp");
        }
        inline(out, "ca", caPem);
        inline(out, "cert", certificatePem);
        inline(out, "key", privateKeyPem);
        inline(out, "tls-crypt", tlsCryptKey);
        return out.toString();
    }

    private static void remotes(StringBuilder out, List<String> hosts, List<Integer> ports, String proto) {
        for (String host : hosts) {
            for (int port : ports) {
                out.append("remote ").append(host).append(' ').append(port).append(' ').append(proto).append('\n');
            }
        }
    }

    private static void inline(StringBuilder out, String tag, String content) {
        out.append('<').append(tag).append(">\n").append(content);
        if (!content.endsWith("\n")) {
            out.append('\n');
        }
        out.append("</").append(tag).append(">\n");
    }
}
