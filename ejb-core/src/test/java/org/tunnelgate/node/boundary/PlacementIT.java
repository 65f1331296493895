package org.tunnelgate.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.node.entity.NodeDefinition;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.boundary.TestProfilesBoundary;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.testsupport.JpaDatabase;

/** Placement on a real MariaDB: the least loaded node first, and this instance's own placements counted at once. */
class PlacementIT {

    JpaDatabase db;
    Profiles profiles;
    Placement placement;

    @BeforeEach
    void threeNodesWithSixPeers() throws SQLException {
        db = new JpaDatabase();
        profiles = TestProfilesBoundary.on(db);
        Nodes nodes = new Nodes();
        nodes.em = db.em();
        nodes.profiles = profiles;
        nodes.client = new NodeClient();
        db.inTransaction(() -> nodes.seedIfEmpty(List.of(new NodeDefinition("a", "a.example.org", NodesAndProfilesIT.KEY),
                        new NodeDefinition("b", "b.example.org", NodesAndProfilesIT.KEY),
                        new NodeDefinition("c", "c.example.org", NodesAndProfilesIT.KEY)),
                List.of(NodesAndProfilesIT.employees(List.of("a", "b", "c")))));
        placement = new Placement();
        placement.dataSource = db.database.dataSource();
        placement.init();
        try (Connection c = db.database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO account (id, name, password_hash, role, enabled, created_at) VALUES (7, 'alice', 'x', 'USER', TRUE, NOW(6))");
            int id = 1;
            for (String node : List.of("a", "a", "a", "b", "c", "c")) {
                s.executeUpdate("INSERT INTO vpn_configuration (id, account_id, profile_id, protocol, node_name, wg_host, created_at, expires_at)"
                        + " VALUES (" + id + ", 7, 'employees', 'wireguard', '" + node + "', " + (id + 1) + ", NOW(6), NOW(6) + INTERVAL 1 DAY)");
                id++;
            }
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theLeastLoadedNodeComesFirstWithItsRegistryRow() {
        List<NodeChoice> ranked = placement.placement(employees());

        assertThat(ranked).extracting(NodeChoice::name).containsExactly("b", "c", "a");
        assertThat(ranked).allSatisfy(choice -> {
            assertThat(choice.node()).isNotNull();
            assertThat(choice.node().name()).isEqualTo(choice.name());
            assertThat(choice.publicHost()).isEqualTo(choice.name() + ".example.org");
        });
    }

    @Test
    void peersThisInstancePlacedCountAtOnceWithoutAnotherCount() {
        placement.placement(employees());
        placement.placed("b");
        placement.placed("b"); // b: 3 now, as many as a; c has 2

        assertThat(placement.placement(employees())).extracting(NodeChoice::name).containsExactly("c", "a", "b");
    }

    @Test
    void managedNodesOnlyWhileUpAndNotInMaintenanceEachWithItsInterfaceKeyForTheProfile() throws SQLException {
        String interfaceKey = "ifaceKeyOfNodeAForEmployees0000000000000000=";
        try (Connection c = db.database.connect(); Statement s = c.createStatement()) {
            // a and b enrolled (an agent and a certificate), c stays a bare registry row
            s.executeUpdate("UPDATE vpn_node SET agent_url = CONCAT('https://', name, '.example.org:9443'), cert_serial = '0a',"
                    + " enrolled_at = NOW(6) WHERE name IN ('a', 'b')");
            s.executeUpdate("INSERT INTO node_health (node_name, state, since, checked_at) VALUES"
                    + " ('a', 'up', NOW(6), NOW(6)), ('b', 'down', NOW(6), NOW(6))");
            s.executeUpdate("INSERT INTO node_wireguard_interface (node_name, profile_id, interface_name, public_key)"
                    + " VALUES ('a', 'employees', 'tg-employees', '" + interfaceKey + "')");
        }

        List<NodeChoice> ranked = placement.placement(employees());

        assertThat(ranked).extracting(NodeChoice::name).containsExactly("c", "a"); // b is down; c has fewer peers
        NodeChoice a = ranked.get(1);
        assertThat(a.managed()).isTrue();
        assertThat(a.wireguardPublicKey()).isEqualTo(interfaceKey);
        assertThat(a.node().agentUrl()).contains("https://a.example.org:9443");
        assertThat(ranked.get(0).managed()).isFalse();
        assertThat(ranked.get(0).wireguardPublicKey()).isEqualTo(NodesAndProfilesIT.KEY);

        try (Connection c = db.database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE vpn_node SET maintenance = TRUE WHERE name = 'a'");
            s.executeUpdate("UPDATE node_health SET state = 'up' WHERE node_name = 'b'");
        }
        assertThat(placement.placement(employees())).extracting(NodeChoice::name).containsExactly("b", "c");
    }

    private Profile employees() {
        return profiles.find("employees").orElseThrow();
    }
}
