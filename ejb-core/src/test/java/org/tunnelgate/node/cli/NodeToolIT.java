package org.tunnelgate.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.control.EnrollmentTokens;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.testsupport.MariaDbServer;

/** The {@code tunnelgate node …} commands against a real, migrated MariaDB. */
class NodeToolIT {

    private MariaDbServer.Database db;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void migratedDatabaseWithOneProfile() throws SQLException {
        db = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(db.dataSource());
        env.put("TUNNELGATE_JDBC_URL", db.jdbcUrl());
        env.put("TUNNELGATE_JDBC_USER", db.user());
        env.put("TUNNELGATE_JDBC_PASSWORD", db.password());
        update("INSERT INTO vpn_node (name, public_host, wg_public_key) VALUES ('local', 'vpn.example.org',"
                + " 'HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=')");
        update("INSERT INTO vpn_profile (profile_id, display_name, protocols, wg_ipv4_range, wg_ipv6_range, wg_port,"
                + " host_names, dns_servers, dns_search_domains, routes, excluded_routes, permissions)"
                + " VALUES ('staff', 'Staff', 'wireguard', '10.43.0.0/22', 'fd43::/64', 51820, '', '', '', '', '', '')");
        update("INSERT INTO vpn_profile_node (profile_id, node_name, position, wg_ipv4_range, wg_ipv6_range)"
                + " VALUES ('staff', 'local', 0, '10.43.0.0/22', 'fd43::/64')");
    }

    @Test
    void addRegistersTheNodeSplitsTheProfileAndPrintsATokenStoredOnlyAsItsHash() throws SQLException {
        assertThat(run("add", "node2", "--agent-url", "https://192.0.2.7:9443", "--host", "node2.example.org",
                "--profile", "staff", "--location", "Utrecht", "--controller", "https://vpn.example.org")).isZero();

        String token = printedToken();
        assertThat(out).contains("registered node2 serving staff")
                .contains("enroll --controller https://vpn.example.org --token " + token);
        assertThat(single("SELECT enrollment_token_hash FROM vpn_node WHERE name = 'node2'"))
                .isEqualTo(EnrollmentTokens.hash(token)).isNotEqualTo(token);
        assertThat(single("SELECT CONCAT(agent_url, ' ', public_host, ' ', location) FROM vpn_node WHERE name = 'node2'"))
                .isEqualTo("https://192.0.2.7:9443 node2.example.org Utrecht");
        assertThat(rows("SELECT CONCAT(node_name, ' ', wg_ipv4_range, ' ', wg_ipv6_range) FROM vpn_profile_node"
                + " WHERE profile_id = 'staff' ORDER BY position"))
                .containsExactly("local 10.43.0.0/23 fd43::/65", "node2 10.43.2.0/23 fd43::8000:0:0:0/65");
        assertThat(single("SELECT CONCAT(actor, ' ', action, ' ', target) FROM audit_entry ORDER BY id DESC LIMIT 1"))
                .isEqualTo("cli node.register node2");
    }

    @Test
    void badInputIsRefusedWithEveryProblemAndWritesNothing() throws SQLException {
        assertThat(run("add", "Bad Name", "--agent-url", "http://x", "--host", "not a host")).isEqualTo(2);
        assertThat(err).contains("name must be").contains("agent_url must be").contains("public_host");
        assertThat(run("add", "node2", "--agent-url", "https://192.0.2.7:9443", "--host", "h.example.org",
                "--profile", "nope")).isEqualTo(2);
        assertThat(err).contains("no profile nope");
        assertThat(run("add", "node2", "--agent-url", "https://192.0.2.7:9443", "--frobnicate", "x")).isEqualTo(2);
        assertThat(run("add", "local", "--agent-url", "https://192.0.2.7:9443", "--host", "h.example.org")).isZero();
        assertThat(run("add", "local", "--agent-url", "https://192.0.2.8:9443", "--host", "h.example.org")).isEqualTo(2);
        assertThat(err).contains("already registered");

        assertThat(single("SELECT COUNT(*) FROM vpn_node WHERE name <> 'local'")).isEqualTo("0");
        assertThat(single("SELECT agent_url FROM vpn_node WHERE name = 'local'")).isEqualTo("https://192.0.2.7:9443");
    }

    @Test
    void aProfileWithConfigurationsIsNotSplitAndTheWholeCommandIsUndone() throws SQLException {
        update("INSERT INTO account (name, password_hash, role, enabled, created_at, version)"
                + " VALUES ('alice', 'x', 'USER', TRUE, UTC_TIMESTAMP(6), 0)");
        update("INSERT INTO vpn_configuration (account_id, profile_id, protocol, node_name, ipv4, wg_public_key,"
                + " created_at, expires_at) SELECT id, 'staff', 'wireguard', 'local', '10.43.0.2',"
                + " 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 1 DAY"
                + " FROM account WHERE name = 'alice'");

        assertThat(run("add", "node2", "--agent-url", "https://192.0.2.7:9443", "--host", "node2.example.org",
                "--profile", "staff")).isEqualTo(2);

        assertThat(err).contains("has 1 configurations");
        assertThat(single("SELECT COUNT(*) FROM vpn_node WHERE name = 'node2'")).isEqualTo("0");
        assertThat(rows("SELECT wg_ipv4_range FROM vpn_profile_node WHERE profile_id = 'staff'")).containsExactly("10.43.0.0/22");
    }

    @Test
    void aNewTokenReplacesTheOldOneAndRemoveIsRefusedWhileProfilesNameTheNode() throws SQLException {
        run("add", "node2", "--agent-url", "https://192.0.2.7:9443", "--host", "node2.example.org", "--profile", "staff");
        String first = printedToken();

        assertThat(run("token", "node2")).isZero();
        String second = printedToken();
        assertThat(second).isNotEqualTo(first);
        assertThat(single("SELECT enrollment_token_hash FROM vpn_node WHERE name = 'node2'")).isEqualTo(EnrollmentTokens.hash(second));
        assertThat(run("token", "nobody")).isEqualTo(2);

        assertThat(run("remove", "node2")).isEqualTo(2);
        assertThat(err).contains("still serves staff");
        update("DELETE FROM vpn_profile_node WHERE node_name = 'node2'");
        assertThat(run("remove", "node2")).isZero();
        assertThat(single("SELECT COUNT(*) FROM vpn_node WHERE name = 'node2'")).isEqualTo("0");
        assertThat(run("remove", "node2")).isEqualTo(2);
    }

    @Test
    void theLocalNodeTakesOverTheSeedsBareRowAndDropsItsPlaceholderKey() throws SQLException {
        assertThat(run("local", "local", "--agent-url", "https://127.0.0.1:41900", "--host", "vpn.test",
                "--controller", "https://localhost:41443")).isZero();

        printedToken();
        assertThat(single("SELECT CONCAT(agent_url, ' ', public_host, ' ', COALESCE(wg_public_key, '-')) FROM vpn_node"
                + " WHERE name = 'local'")).isEqualTo("https://127.0.0.1:41900 vpn.test -");
        assertThat(rows("SELECT node_name FROM vpn_profile_node WHERE profile_id = 'staff'")).containsExactly("local");

        assertThat(run("list")).isZero();
        assertThat(out).contains("local").contains("awaiting-enrollment").contains("https://127.0.0.1:41900").contains("staff");
    }

    private String printedToken() {
        Matcher m = Pattern.compile("(?m)^token ([A-Za-z0-9_-]{43})$").matcher(out);
        assertThat(m.find()).as("a token line in:\n" + out).isTrue();
        return m.group(1);
    }

    private int run(String... args) {
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        int status = new NodeTool(env, new PrintStream(o, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    private void update(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }

    private String single(String sql) throws SQLException {
        List<String> all = rows(sql);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                result.add(r.getString(1));
            }
        }
        return result;
    }
}
