package org.tunnelgate.account.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.TestAuditTrails;
import org.tunnelgate.audit.entity.AuditEntry;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.MutableClock;
import org.tunnelgate.testsupport.RecordingEvent;

/**
 * What the admin console does to accounts, on a real MariaDB: search and keyset pages, the last
 * admin kept, delete only after disable, password reset, role change — each in the audit trail
 * with the address it came from.
 */
class AccountAdministrationIT {

    static final String PASSWORD = "correct horse battery";

    JpaDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    Accounts accounts;
    Logins logins;
    AuditTrail audit;
    AccountAdministration administration;

    @BeforeEach
    void freshDatabase() {
        db = new JpaDatabase();
        accounts = new Accounts();
        accounts.em = db.em();
        accounts.hasher = new PasswordHasher();
        accounts.clock = clock;
        accounts.disabled = new RecordingEvent<>();
        accounts.passwordChanged = new RecordingEvent<>();
        accounts.roleChanged = new RecordingEvent<>();
        logins = AccountsIT.logins(db, clock, accounts);
        audit = TestAuditTrails.on(db, clock, "192.0.2.7");
        administration = new AccountAdministration();
        administration.accounts = accounts;
        administration.audit = audit;
        db.inTransaction(() -> accounts.create("root", PASSWORD, Role.ADMIN));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void pagesFollowEachOtherInNameOrderAndASearchFindsPartsOfNames() {
        for (int i = 0; i < 25; i++) {
            String name = String.format("user%02d", i);
            db.inTransaction(() -> accounts.create(name, PASSWORD, Role.USER));
        }

        List<Account> first = db.inTransaction(() -> accounts.page("", "", 10));
        List<Account> second = db.inTransaction(() -> accounts.page("", first.get(9).getName(), 10));

        assertThat(first).extracting(Account::getName).startsWith("root", "user00").hasSize(10);
        assertThat(second).extracting(Account::getName).first().isEqualTo("user09");
        assertThat(db.inTransaction(() -> accounts.page("r1", "", 50))).extracting(Account::getName)
                .containsExactly("user10", "user11", "user12", "user13", "user14", "user15", "user16", "user17", "user18", "user19");
        assertThat(db.inTransaction(() -> accounts.page("%", "", 50))).as("wildcards are literal").isEmpty();
        assertThat(db.inTransaction(() -> accounts.page("_", "", 50))).isEmpty();
    }

    @Test
    void anAdminCannotLockThemselvesOutSoTheServiceKeepsAnAdmin() {
        assertThatThrownBy(() -> db.inTransaction(() -> administration.changeRole("root", "root", Role.USER)))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("yourself");
        assertThatThrownBy(() -> db.inTransaction(() -> administration.disable("root", "root")))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("your own");
        assertThatThrownBy(() -> db.inTransaction(() -> administration.delete("root", "root")))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("your own");

        assertThat(db.count("SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND enabled")).isOne();
    }

    @Test
    void anotherAdminMayTakeTheRoleAwayWhileAnEnabledAdminRemains() {
        db.inTransaction(() -> administration.create("root", "second", PASSWORD, Role.ADMIN));

        db.inTransaction(() -> administration.changeRole("second", "root", Role.USER));

        assertThat(db.count("SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND enabled")).isOne();
        assertThatThrownBy(() -> db.inTransaction(() -> administration.disable("root", "second")))
                .as("a plain user manages nothing").isInstanceOf(AccountRefused.class).hasMessageContaining("Only administrators");
    }

    @Test
    void anAccountIsDeletedOnlyOnceDisabledAndEveryAttemptIsAuditedWithItsAddress() {
        db.inTransaction(() -> administration.create("root", "bob", PASSWORD, Role.USER));

        assertThatThrownBy(() -> db.inTransaction(() -> administration.delete("root", "bob")))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("Disable bob");
        db.inTransaction(() -> administration.disable("root", "bob"));
        db.inTransaction(() -> administration.delete("root", "bob"));

        assertThat(db.count("SELECT COUNT(*) FROM account WHERE name = 'bob'")).isZero();
        List<AuditEntry> trail = db.inTransaction(() -> audit.search(new AuditTrail.Search(null, "account.", "bob"), 0, 10));
        assertThat(trail).extracting(e -> e.getAction() + " " + e.getOutcome()).containsExactly(
                "account.delete done", "account.disable done",
                "account.delete refused: Disable bob before deleting the account.", "account.create done");
        assertThat(trail).extracting(AuditEntry::getFromAddress).containsOnly("192.0.2.7");
    }

    @Test
    void aResetPasswordLogsInAndTheOldOneNoLonger() {
        db.inTransaction(() -> administration.create("root", "bob", PASSWORD, Role.USER));

        db.inTransaction(() -> administration.resetPassword("root", "bob", "a brand new passphrase"));

        assertThat(db.inTransaction(() -> logins.authenticate("bob", "a brand new passphrase", "192.0.2.1"))).isPresent();
        assertThat(db.inTransaction(() -> logins.authenticate("bob", PASSWORD, "192.0.2.1"))).isEmpty();
        assertThatThrownBy(() -> db.inTransaction(() -> administration.resetPassword("root", "bob", "short")))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("at least 10");
    }

    @Test
    void auditPagesGoBackInTimeByIdAndFilterByActor() {
        for (int i = 0; i < 5; i++) {
            String name = "u" + i;
            db.inTransaction(() -> administration.create("root", name, PASSWORD, Role.USER));
        }
        List<AuditEntry> newest = db.inTransaction(() -> audit.search(new AuditTrail.Search("root", null, null), 0, 3));
        List<AuditEntry> older = db.inTransaction(() -> audit.search(new AuditTrail.Search("root", "", " "), newest.get(2).getId(), 3));

        assertThat(newest).extracting(AuditEntry::getTarget).containsExactly("u4", "u3", "u2");
        assertThat(older).extracting(AuditEntry::getTarget).containsExactly("u1", "u0");
        assertThat(db.inTransaction(() -> audit.search(new AuditTrail.Search("nobody", null, null), 0, 3))).isEmpty();
    }
}
