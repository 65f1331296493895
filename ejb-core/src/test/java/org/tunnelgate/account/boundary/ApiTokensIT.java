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
import org.tunnelgate.account.entity.ApiToken;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.MutableClock;
import org.tunnelgate.testsupport.RecordingEvent;

/** Admin API tokens on a real MariaDB: only the hash is stored, and a token ends with its expiry, its revocation or its admin. */
class ApiTokensIT {

    JpaDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    Accounts accounts;
    ApiTokens tokens;

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
        tokens = new ApiTokens();
        tokens.em = db.em();
        tokens.accounts = accounts;
        tokens.clock = clock;
        db.inTransaction(() -> accounts.create("root", "correct horse battery", Role.ADMIN));
        db.inTransaction(() -> accounts.create("plain", "correct horse battery", Role.USER));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTokenActsAsItsAdminWithItsScopeAndOnlyItsHashIsStored() {
        var made = db.inTransaction(() -> tokens.create("root", "ci", ApiToken.Scope.READ, null));

        assertThat(db.inTransaction(() -> tokens.authenticate(made.token())))
                .hasValueSatisfying(g -> assertThat(g).isEqualTo(new ApiTokens.Grant(made.apiToken().getId(), "root", true)));
        assertThat(db.count("SELECT COUNT(*) FROM api_token WHERE token_hash = '" + ApiTokens.hash(made.token()) + "'")).isOne();
        assertThat(db.count("SELECT COUNT(*) FROM api_token WHERE token_hash LIKE '%" + made.token().substring(5, 20) + "%'")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM api_token WHERE last_used_at IS NOT NULL")).isOne();
        assertThat(made.toString()).doesNotContain(made.token());
        assertThat(db.inTransaction(() -> tokens.authenticate(made.token() + "x"))).isEmpty();
    }

    @Test
    void aTokenEndsWithItsExpiryItsRevocationOrItsAdmin() {
        var expiring = db.inTransaction(() -> tokens.create("root", "short", ApiToken.Scope.WRITE, Duration.ofDays(1)));
        var revoked = db.inTransaction(() -> tokens.create("root", "gone", ApiToken.Scope.WRITE, null));
        var orphaned = db.inTransaction(() -> tokens.create("root", "orphan", ApiToken.Scope.WRITE, null));

        db.inTransaction(() -> tokens.revoke(revoked.apiToken().getId()));
        clock.advance(Duration.ofDays(1));

        assertThat(db.inTransaction(() -> tokens.authenticate(expiring.token()))).isEmpty();
        assertThat(db.inTransaction(() -> tokens.authenticate(revoked.token()))).isEmpty();
        assertThat(db.inTransaction(() -> tokens.authenticate(orphaned.token()))).isPresent();
        db.inTransaction(() -> accounts.changeRole("root", Role.USER));
        assertThat(db.inTransaction(() -> tokens.authenticate(orphaned.token()))).as("no longer an admin").isEmpty();
    }

    @Test
    void onlyAnAdminMakesTokensAndBadInputIsRefused() {
        assertThatThrownBy(() -> db.inTransaction(() -> tokens.create("plain", "mine", ApiToken.Scope.READ, null)))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("Only administrators");
        assertThatThrownBy(() -> db.inTransaction(() -> tokens.create("root", " ", ApiToken.Scope.READ, null)))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("name");
        assertThatThrownBy(() -> db.inTransaction(() -> tokens.create("root", "x", ApiToken.Scope.READ, Duration.ofDays(5000))))
                .isInstanceOf(AccountRefused.class).hasMessageContaining("3660");
        assertThat(db.count("SELECT COUNT(*) FROM api_token")).isZero();
    }
}
