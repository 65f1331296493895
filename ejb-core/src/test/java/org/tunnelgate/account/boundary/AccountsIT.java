package org.tunnelgate.account.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.MutableClock;
import org.tunnelgate.testsupport.RecordingEvent;

/** The account boundary on a real MariaDB: creating, logging in, throttling, disabling, passwords. */
class AccountsIT {

    static final String PASSWORD = "correct horse battery";

    JpaDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    RecordingEvent<AccountDisabled> disabled = new RecordingEvent<>();
    Accounts accounts;
    Logins logins;

    @BeforeEach
    void freshDatabase() {
        db = new JpaDatabase();
        accounts = new Accounts();
        accounts.em = db.em();
        accounts.hasher = new PasswordHasher();
        accounts.clock = clock;
        accounts.disabled = disabled;
        accounts.passwordChanged = new RecordingEvent<>();
        accounts.roleChanged = new RecordingEvent<>();
        logins = logins(db, clock, accounts);
    }

    /** The login boundary over these accounts: 3 failures per name and address, 15 minutes. */
    static Logins logins(JpaDatabase db, MutableClock clock, Accounts accounts) {
        Logins logins = new Logins();
        logins.em = db.em();
        logins.accounts = accounts;
        logins.hasher = accounts.hasher;
        logins.clock = clock;
        logins.passwordChanged = accounts.passwordChanged;
        logins.failedPasswordCheck = new FailedPasswordChecks();
        logins.failedPasswordCheck.em = db.em();
        logins.failedPasswordCheck.clock = clock;
        logins.maxFailuresPerName = 3;
        logins.maxFailuresPerAddress = 50;
        logins.freeFailuresPerName = 10;
        logins.maxDelaySeconds = 60;
        logins.failureWindowMinutes = 15;
        return logins;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aCreatedAccountLogsInWithItsPasswordAndNotWithAnother() {
        db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER));

        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1"))).isPresent();
        assertThat(db.inTransaction(() -> logins.authenticate("alice", "wrong password", "192.0.2.1"))).isEmpty();
        assertThat(db.inTransaction(() -> logins.authenticate("nobody", PASSWORD, "192.0.2.1"))).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM account WHERE name = 'alice' AND last_login_at IS NOT NULL")).isOne();
    }

    @Test
    void aTakenNameOrAWeakPasswordIsRefusedAndWritesNothing() {
        db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER));

        assertThatThrownBy(() -> db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.ADMIN)))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("already exists")
                .extracting(e -> ((BusinessException) e).kind()).isEqualTo(BusinessException.Kind.CONFLICT);
        assertThatThrownBy(() -> db.inTransaction(() -> accounts.create("bob", "short", Role.USER)))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("at least 10");
        assertThat(db.count("SELECT COUNT(*) FROM account")).isOne();
    }

    @Test
    void tooManyFailuresFromOneAddressBlockEvenTheRightPasswordThereUntilTheWindowPasses() {
        db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER));
        for (int i = 0; i < 3; i++) {
            db.inTransaction(() -> logins.authenticate("alice", "guess " + clock.instant(), "192.0.2.9"));
        }

        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.9"))).isEmpty();
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1")))
                .as("the owner at another address").isPresent();
        clock.advance(Duration.ofMinutes(16));
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.9"))).isPresent();
    }

    @Test
    void guessesFromManyAddressesDelayStrangersButNotTheOwnersKnownAddress() {
        db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER));
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1"))).isPresent();
        for (int i = 0; i < 20; i++) {
            String address = "203.0.113." + i;
            db.inTransaction(() -> logins.authenticate("alice", "guess", address));
        }

        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "198.51.100.1")))
                .as("a new address waits out the delay").isEmpty();
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1")))
                .as("the address alice logged in from").isPresent();
    }

    @Test
    void aDisabledAccountCannotLogInAndItsDisablingIsAnnounced() {
        long id = db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER)).getId();

        db.inTransaction(() -> accounts.disable("alice"));

        assertThat(disabled.fired()).containsExactly(new AccountDisabled(id, "alice"));
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1"))).isEmpty();
        db.inTransaction(() -> accounts.enable("alice"));
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1"))).isPresent();
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPassword() {
        db.inTransaction(() -> accounts.create("alice", PASSWORD, Role.USER));

        assertThatThrownBy(() -> db.inTransaction(() -> logins.changePassword("alice", "not it at all", "a new passphrase", "192.0.2.1")))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("current password");
        long epoch = db.inTransaction(() -> logins.changePassword("alice", PASSWORD, "a new passphrase", "192.0.2.1"));
        assertThat(epoch).as("every session opened before the change ends").isOne();

        assertThat(db.inTransaction(() -> logins.authenticate("alice", "a new passphrase", "192.0.2.1"))).isPresent();
        assertThat(db.inTransaction(() -> logins.authenticate("alice", PASSWORD, "192.0.2.1"))).isEmpty();
    }

    @Test
    void oldLoginFailuresAreForgottenOnceOutsideTheWindow() {
        db.inTransaction(() -> logins.authenticate("nobody", "x", "192.0.2.9"));
        assertThat(db.inTransaction(() -> logins.forgetOldLoginFailures())).isZero();

        clock.advance(Duration.ofMinutes(16));

        assertThat(db.inTransaction(() -> logins.forgetOldLoginFailures())).isOne();
        assertThat(db.count("SELECT COUNT(*) FROM login_failure")).isZero();
    }
}
