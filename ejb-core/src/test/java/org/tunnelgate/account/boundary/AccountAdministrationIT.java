package org.tunnelgate.account.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /**
     * Issue 12's last-admin rule under concurrency: eight admins each disable or demote every other
     * one at the same moment — 56 requests, each in its own transaction on its own connection. Without
     * the admin guard every request counted eight enabled admins and all of them went through.
     */
    @Test
    void adminsDisablingAndDemotingEachOtherAtOnceLeaveExactlyOneEnabledAdmin() throws Exception {
        List<String> admins = new ArrayList<>(List.of("root"));
        for (int i = 1; i < 8; i++) {
            String name = "admin-" + i;
            db.inTransaction(() -> administration.create("root", name, PASSWORD, Role.ADMIN));
            admins.add(name);
        }
        ExecutorService pool = Executors.newFixedThreadPool(28);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (String actor : admins) {
                for (String target : admins) {
                    if (actor.equals(target)) {
                        continue;
                    }
                    boolean disable = (admins.indexOf(actor) + admins.indexOf(target)) % 2 == 0;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try (JpaDatabase.Session session = db.session()) {
                            AccountAdministration mine = new AccountAdministration();
                            mine.accounts = accountsOn(session);
                            mine.audit = audit;
                            session.inTransaction(() -> {
                                if (disable) {
                                    mine.disable(actor, target);
                                } else {
                                    mine.changeRole(actor, target, Role.USER);
                                }
                                return null;
                            });
                            return "done";
                        } catch (AccountRefused e) {
                            return "refused";
                        } catch (jakarta.persistence.PersistenceException e) {
                            return "conflict"; // another request changed the same account first (the API's 409)
                        }
                    }));
                }
            }
            start.countDown();
            Map<String, Long> counted = new java.util.TreeMap<>();
            for (Future<String> outcome : outcomes) {
                counted.merge(outcome.get(), 1L, Long::sum);
            }

            assertThat(db.count("SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND enabled")).as("outcomes %s", counted)
                    .isOne();
            // the guard makes them take turns: no request trips over another's change; seven admins
            // went (one may be demoted and then disabled: both done), every other request was refused
            assertThat(counted).containsOnlyKeys("done", "refused");
            assertThat(counted.get("done")).isBetween(7L, 14L);
            assertThat(db.count("SELECT COUNT(*) FROM audit_entry WHERE action IN ('account.disable', 'account.make-user')"
                    + " AND outcome = 'done'")).isEqualTo(counted.get("done"));
        } finally {
            pool.shutdownNow();
        }
    }

    private Accounts accountsOn(JpaDatabase.Session session) {
        Accounts mine = new Accounts();
        mine.em = session.em();
        mine.hasher = accounts.hasher;
        mine.clock = clock;
        mine.disabled = new RecordingEvent<>();
        mine.passwordChanged = new RecordingEvent<>();
        mine.roleChanged = new RecordingEvent<>();
        return mine;
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
