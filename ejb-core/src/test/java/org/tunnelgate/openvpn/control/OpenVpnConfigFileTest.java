package org.tunnelgate.openvpn.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenVpnConfigFileTest {

    static final String CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";
    static final String CERT = "-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n";
    static final String KEY = "-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n";
    static final String TLS = "-----BEGIN OpenVPN Static key V1-----\n00\n-----END OpenVPN Static key V1-----\n";

    @Test
    void everythingIsInlineAndUdpRemotesComeFirst() {
        String body = OpenVpnConfigFile.render(List.of("vpn.example.org", "vpn2.example.org"), List.of(1194, 53),
                List.of(443), false, CA, CERT, KEY, TLS);
        assertThat(body).isEqualTo("""
                client
                dev tun
                nobind
                remote-cert-tls server
                verb 3
                server-poll-timeout 10
                tls-version-min 1.3
                data-ciphers AES-256-GCM:CHACHA20-POLY1305
                reneg-sec 0
                explicit-exit-notify
                remote vpn.example.org 1194 udp
                remote vpn.example.org 53 udp
                remote vpn2.example.org 1194 udp
                remote vpn2.example.org 53 udp
                remote vpn.example.org 443 tcp
                remote vpn2.example.org 443 tcp
                <ca>
                -----BEGIN CERTIFICATE-----
                Q0E=
                -----END CERTIFICATE-----
                </ca>
                <cert>
                -----BEGIN CERTIFICATE-----
                Q0VSVA==
                -----END CERTIFICATE-----
                </cert>
                <key>
                -----BEGIN PRIVATE KEY-----
                S0VZ
                -----END PRIVATE KEY-----
                </key>
                <tls-crypt>
                -----BEGIN OpenVPN Static key V1-----
                00
                -----END OpenVPN Static key V1-----
                </tls-crypt>
                """);
    }

    @Test
    void preferTcpPutsTheTcpRemotesFirst() {
        String body = OpenVpnConfigFile.render(List.of("vpn.example.org"), List.of(1194), List.of(1194), true,
                CA, CERT, KEY, TLS);
        assertThat(body.lines().filter(l -> l.startsWith("remote ")).toList())
                .containsExactly("remote vpn.example.org 1194 tcp", "remote vpn.example.org 1194 udp");
    }

    @Test
    void onlyAConfigurationWithUdpRemotesAsksTheClientToAnnounceItsExit() {
        assertThat(OpenVpnConfigFile.render(List.of("vpn.example.org"), List.of(), List.of(443), false, CA, CERT, KEY, TLS))
                .doesNotContain("explicit-exit-notify");
        assertThat(OpenVpnConfigFile.render(List.of("vpn.example.org"), List.of(1194), List.of(443), true, CA, CERT, KEY, TLS)
                .lines()).contains("explicit-exit-notify");
    }

    @Test
    void tlsCryptKeysHaveOpenVpnsStaticKeyFormatWith2048RandomBits() {
        String key = TlsCryptKeys.generate();
        List<String> hexLines = key.lines().filter(l -> l.matches("[0-9a-f]{32}")).toList();
        assertThat(hexLines).hasSize(16);
        assertThat(key).contains("-----BEGIN OpenVPN Static key V1-----\n").endsWith("-----END OpenVPN Static key V1-----\n");
        assertThat(TlsCryptKeys.generate()).isNotEqualTo(key);
    }
}
