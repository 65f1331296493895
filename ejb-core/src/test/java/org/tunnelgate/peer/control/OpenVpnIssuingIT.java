package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.profile.entity.Protocol.OPENVPN;
import static org.tunnelgate.profile.entity.Protocol.WIREGUARD;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.openvpn.control.OpenVpnClients;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.pki.control.CaStore;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/** OpenVPN issuing against a real MariaDB: one CA per cluster, tls-crypt per profile, fallback. */
class OpenVpnIssuingIT {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant EXPIRES = NOW.plus(Duration.ofDays(90));
    static final MasterKey MASTER_KEY = MasterKey.fromBytes(
            "integration-test master key, 32+ bytes".getBytes(StandardCharsets.US_ASCII), "test");
    static final List<NodeChoice> NODES = List.of(new NodeChoice("local", "vpn.example.org", TestProfiles.NODE_KEY, false));

    ConfigurationDatabase db;
    long alice;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = new ConfigurationDatabase();
        alice = db.account("alice");
    }

    ConfigurationIssuer issuer() {
        return new ConfigurationIssuer(db.dataSource(), CLOCK, new OpenVpnClients(db.dataSource(), () -> MASTER_KEY, CLOCK),
                new SecureRandom());
    }

    static Profile both(String wireGuardRange) {
        return TestProfiles.build(new ProfileDefinition("employees", "Employees", 0, List.of("wireguard", "openvpn"),
                wireGuardRange, "fd43::/64", 51820, "10.42.0.0/24", "fd42::/64", List.of(1194), List.of(443),
                List.of("vpn.example.org"), List.of("9.9.9.9"), List.of(), List.of(), List.of(), true, List.of(),
                null, List.of("local")));
    }

    static ConnectRequest app(long account, long authorization, boolean withKey, boolean preferTcp) {
        return ConnectRequest.app(account, authorization, "employees")
                .supporting(List.of(WIREGUARD, OPENVPN))
                .withWireGuardKey(withKey ? WireGuardKeyPair.generate().publicKey() : null)
                .preferringTcp(preferTcp)
                .expiringAt(EXPIRES);
    }

    @Test
    void racingInstancesCreateExactlyOneCa() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racers.add(() -> CaStore.loadOrCreate(db.dataSource(), MASTER_KEY, NOW).certificatePem());
        }
        Set<String> cas = new HashSet<>();
        for (Future<String> f : pool.invokeAll(racers)) {
            cas.add(f.get());
        }
        pool.shutdown();
        assertThat(cas).hasSize(1);
        assertThat(db.column("SELECT COUNT(*) FROM pki_ca")).containsExactly("1");
        assertThat(db.column("SELECT private_key_sealed FROM pki_ca").get(0)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void anAppWithoutAKeyGetsOpenVpnWithACertificateStoredByItsSerial() throws Exception {
        db.profile(both("10.43.0.0/24"));
        VpnConfiguration config = issuer().issue(both("10.43.0.0/24"), NODES, app(alice, 1, false, false), 3).configuration();

        assertThat(config.protocol()).isEqualTo(OPENVPN);
        assertThat(config.contentType()).isEqualTo("application/x-openvpn-profile");
        assertThat(config.body()).contains("remote vpn.example.org 1194 udp\nremote vpn.example.org 443 tcp\n",
                "<ca>\n-----BEGIN CERTIFICATE-----", "<key>\n-----BEGIN PRIVATE KEY-----", "<tls-crypt>\n#\n# 2048 bit");
        assertThat(db.column("SELECT CONCAT(protocol, ' ', cert_serial IS NOT NULL, ' ', wg_host IS NULL) FROM vpn_configuration"))
                .containsExactly("openvpn 1 1");
        assertThat(db.column("SELECT COUNT(*) FROM openvpn_tls_crypt")).containsExactly("1");
    }

    @Test
    void allClientsOfAProfileShareOneTlsCryptKeyAndTheCa() throws Exception {
        Profile profile = both("10.43.0.0/24");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<String>> connects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long authorization = i;
            connects.add(() -> issuer.issue(profile, NODES, app(alice, authorization, false, false), 100).configuration().body());
        }
        Set<String> tlsCrypt = new HashSet<>();
        Set<String> cas = new HashSet<>();
        for (Future<String> f : pool.invokeAll(connects)) {
            String body = f.get();
            tlsCrypt.add(body.substring(body.indexOf("<tls-crypt>")));
            cas.add(body.substring(body.indexOf("<ca>"), body.indexOf("</ca>")));
        }
        pool.shutdown();
        assertThat(tlsCrypt).hasSize(1);
        assertThat(cas).hasSize(1);
        assertThat(db.column("SELECT COUNT(DISTINCT cert_serial) FROM vpn_configuration")).containsExactly("12");
    }

    @Test
    void whenTheWireGuardPoolIsFullTheNextConnectFallsBackToOpenVpn() throws Exception {
        Profile profile = both("10.43.0.0/30"); // one WireGuard client address
        db.profile(profile);
        ConfigurationIssuer issuer = issuer();
        assertThat(issuer.issue(profile, NODES, app(alice, 1, true, false), 3).configuration().protocol()).isEqualTo(WIREGUARD);
        assertThat(issuer.issue(profile, NODES, app(alice, 2, true, false), 3).configuration().protocol()).isEqualTo(OPENVPN);
    }

    @Test
    void preferTcpGetsOpenVpnWithTcpRemotesFirstEvenWithAKey() throws Exception {
        Profile profile = both("10.43.0.0/24");
        db.profile(profile);
        VpnConfiguration config = issuer().issue(profile, NODES, app(alice, 1, true, true), 3).configuration();
        assertThat(config.protocol()).isEqualTo(OPENVPN);
        assertThat(config.body()).contains("remote vpn.example.org 443 tcp\nremote vpn.example.org 1194 udp\n");
    }
}
