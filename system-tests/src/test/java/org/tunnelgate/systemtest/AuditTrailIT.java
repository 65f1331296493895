package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every change an admin makes in the console — and every refused attempt — lands in the audit trail. */
class AuditTrailIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void creatingAndDisablingAnAccountIsAuditedWithWhoWhatTargetAndOutcome() throws SQLException {
        String name = accounts.newUser("audited");
        accounts.setEnabled(name, false);

        assertThat(entriesFor(name)).containsExactly(
                system.adminUser() + " account.create done",
                system.adminUser() + " account.disable done");
        // the address each request came from (this test's client, on loopback), set per request
        assertThat(addressesFor(name)).hasSize(2).allSatisfy(address ->
                assertThat(address).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1"));
    }

    @Test
    void aRefusedChangeIsAuditedToo() throws SQLException {
        String name = accounts.newUser("twice");
        var page = accounts.admin().open("/admin/users");

        var refused = accounts.admin().submit(page, "create",
                Map.of("create:name", name, "create:password", TestAccounts.PASSWORD), "create:submit");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("already exists");
        assertThat(entriesFor(name)).containsExactly(
                system.adminUser() + " account.create done",
                system.adminUser() + " account.create refused: An account named " + name + " already exists.");
    }

    private List<String> addressesFor(String target) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement("SELECT from_address FROM audit_entry WHERE target = ? ORDER BY id")) {
            query.setString(1, target);
            try (var rows = query.executeQuery()) {
                List<String> addresses = new ArrayList<>();
                while (rows.next()) {
                    addresses.add(rows.getString(1));
                }
                return addresses;
            }
        }
    }

    private List<String> entriesFor(String target) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement("SELECT actor, action, outcome FROM audit_entry WHERE target = ? ORDER BY id")) {
            query.setString(1, target);
            try (var rows = query.executeQuery()) {
                List<String> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
                return entries;
            }
        }
    }
}
