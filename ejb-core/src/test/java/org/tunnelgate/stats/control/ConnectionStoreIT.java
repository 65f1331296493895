package org.tunnelgate.stats.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.stats.entity.LoggedConnection;
import org.tunnelgate.testsupport.MariaDbServer;

/**
 * WireGuard sessions from what reconciliation sees, on a real MariaDB: a recent handshake opens a
 * session, stale handshakes close it at the last one, a removed configuration closes it, and "who
 * had address X at time T" finds exactly the session that covered T.
 */
class ConnectionStoreIT {

    static final String KEY = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";
    static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    final MariaDbServer.Database database = MariaDbServer.shared().freshDatabase();

    ConnectionStoreIT() throws SQLException {
        Migrations.migrate(database.dataSource());
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO account (id, name, password_hash, role, enabled, created_at) VALUES (7, 'alice', 'x', 'USER', TRUE, NOW(6))");
            s.executeUpdate("INSERT INTO vpn_node (name, public_host) VALUES ('node1', 'vpn1.example.org')");
            s.executeUpdate("INSERT INTO vpn_profile (profile_id, display_name, protocols, host_names, dns_servers,"
                    + " dns_search_domains, routes, excluded_routes, permissions) VALUES ('staff', 'Staff', 'wireguard', '', '', '', '', '', '')");
            s.executeUpdate("INSERT INTO vpn_configuration (id, account_id, profile_id, protocol, node_name, wg_public_key, wg_host,"
                    + " ipv4, ipv6, created_at, expires_at) VALUES (11, 7, 'staff', 'wireguard', 'node1', '" + KEY + "', 5,"
                    + " '10.43.0.5', 'fd43::5', NOW(6), NOW(6) + INTERVAL 1 DAY)");
        }
    }

    void observe(Instant now, ConnectionStore.SeenPeer... peers) {
        JdbcTransaction.run(database.dataSource(), c -> {
            ConnectionStore.observeWireGuard(c, "node1", List.of(peers), now);
            return null;
        });
    }

    List<LoggedConnection> at(String address, Instant when) {
        return JdbcTransaction.run(database.dataSource(), c -> ConnectionLookups.at(c, address, when));
    }

    @Test
    void aSessionRunsFromTheFirstToTheLastRecentHandshake() {
        observe(T0, new ConnectionStore.SeenPeer(KEY, null, null, 0, 0)); // never connected: no session
        assertThat(at("10.43.0.5", T0)).isEmpty();

        Instant hello = T0.plusSeconds(5);
        observe(T0.plusSeconds(10), new ConnectionStore.SeenPeer(KEY, "192.0.2.7:49499", hello, 948, 860));
        observe(T0.plusSeconds(130), new ConnectionStore.SeenPeer(KEY, "192.0.2.7:49499", hello.plusSeconds(120), 5000, 4000));
        List<LoggedConnection> during = at("10.43.0.5", T0.plusSeconds(60));
        assertThat(during).hasSize(1);
        assertThat(during.get(0).accountName()).isEqualTo("alice");
        assertThat(during.get(0).origin()).isEqualTo("192.0.2.7");
        assertThat(during.get(0).connectedAt()).isEqualTo(hello);
        assertThat(during.get(0).disconnectedAt()).isNull();
        assertThat(during.get(0).bytesIn()).isEqualTo(5000);

        // the handshakes stop: the session ends at the last one
        observe(hello.plusSeconds(120).plus(ConnectionStore.WIREGUARD_IDLE).plusSeconds(1),
                new ConnectionStore.SeenPeer(KEY, "192.0.2.7:49499", hello.plusSeconds(120), 5000, 4000));
        assertThat(at("fd43::5", T0.plusSeconds(60)).get(0).disconnectedAt()).isEqualTo(hello.plusSeconds(120));
        assertThat(at("10.43.0.5", hello.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(at("10.43.0.6", T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aRemovedConfigurationEndsItsSession() throws SQLException {
        observe(T0, new ConnectionStore.SeenPeer(KEY, "192.0.2.7:1", T0.minusSeconds(1), 1, 1));
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM vpn_configuration WHERE id = 11");
        }
        observe(T0.plusSeconds(10));
        LoggedConnection session = at("10.43.0.5", T0).get(0);
        assertThat(session.disconnectedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(session.configurationId()).isEqualTo(11);
    }
}
