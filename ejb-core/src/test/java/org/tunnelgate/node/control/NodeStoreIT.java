package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.testsupport.MariaDbServer;

/**
 * The peer counts placement reads on every {@code /connect}, on a real MariaDB: only the nodes asked
 * for, OpenVPN configurations (no node) not counted, and read through an index rather than a scan of
 * every configuration.
 */
class NodeStoreIT {

    final MariaDbServer.Database database = MariaDbServer.shared().freshDatabase();

    NodeStoreIT() throws SQLException {
        Migrations.migrate(database.dataSource());
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO account (id, name, password_hash, role, enabled, created_at) VALUES (7, 'alice', 'x', 'USER', TRUE, NOW(6))");
            for (String node : List.of("node1", "node2", "node3")) {
                s.executeUpdate("INSERT INTO vpn_node (name, public_host) VALUES ('" + node + "', '" + node + ".example.org')");
            }
            s.executeUpdate("INSERT INTO vpn_profile (profile_id, display_name, protocols, host_names, dns_servers,"
                    + " dns_search_domains, routes, excluded_routes, permissions) VALUES ('staff', 'Staff', 'wireguard,openvpn', '', '', '', '', '', '')");
            int id = 1;
            for (String node : List.of("node1", "node1", "node1", "node2", "node3", "node3")) {
                insert(s, id++, "'wireguard'", "'" + node + "'", id);
            }
            insert(s, id++, "'openvpn'", "NULL", null);
        }
    }

    private static void insert(Statement s, int id, String protocol, String node, Integer host) throws SQLException {
        s.executeUpdate("INSERT INTO vpn_configuration (id, account_id, profile_id, protocol, node_name, wg_host, created_at, expires_at)"
                + " VALUES (" + id + ", 7, 'staff', " + protocol + ", " + node + ", " + host + ", NOW(6), NOW(6) + INTERVAL 1 DAY)");
    }

    @Test
    void countsThePeersOfTheNodesAskedFor() {
        Map<String, Long> some = JdbcTransaction.run(database.dataSource(), c -> NodeStore.peerCounts(c, List.of("node1", "node3", "gone")));
        assertThat(some).containsExactlyInAnyOrderEntriesOf(Map.of("node1", 3L, "node3", 2L));
        Map<String, Long> none = JdbcTransaction.run(database.dataSource(), c -> NodeStore.peerCounts(c, List.of()));
        assertThat(none).isEmpty();
        Map<String, Long> all = JdbcTransaction.run(database.dataSource(), NodeStore::peerCounts);
        assertThat(all).containsExactlyInAnyOrderEntriesOf(Map.of("node1", 3L, "node2", 1L, "node3", 2L));
    }

    @Test
    void placementsCountIsAnIndexRangeNotAScan() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet plan = s.executeQuery("EXPLAIN SELECT node_name, COUNT(*) FROM vpn_configuration"
                     + " WHERE node_name IN ('node1', 'node3') GROUP BY node_name")) {
            assertThat(plan.next()).isTrue();
            assertThat(plan.getString("key")).isEqualTo("ix_configuration_node");
            assertThat(plan.getString("Extra")).contains("Using index").doesNotContain("temporary");
        }
    }
}
