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

    /** Each audit entry about the target, oldest first: who, what, outcome. */
    private List<String> entriesFor(String target) throws SQLException {
        return column("SELECT CONCAT(actor, ' ', action, ' ', outcome) FROM audit_entry WHERE target = ? ORDER BY id", target);
    }

    /** The address each audit entry about the target was made from, oldest first. */
    private List<String> addressesFor(String target) throws SQLException {
        return column("SELECT from_address FROM audit_entry WHERE target = ? ORDER BY id", target);
    }

    private List<String> column(String select, String target) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement(select)) {
            query.setString(1, target);
            try (var rows = query.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }
}
