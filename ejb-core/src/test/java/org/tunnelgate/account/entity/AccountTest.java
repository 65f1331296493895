package org.tunnelgate.account.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void aNewAccountIsEnabledAndHasItsRole() {
        var account = new Account("alice", "$argon2id$…", Role.ADMIN, NOW);

        assertThat(account.isEnabled()).isTrue();
        assertThat(account.isAdmin()).isTrue();
        assertThat(account.getRole().roleName()).isEqualTo("admin");
        assertThat(account.getLastLoginAt()).isNull();
    }

    @Test
    void disablingAndEnablingFlipsWhetherTheAccountMayLogIn() {
        var account = new Account("bob", "$argon2id$…", Role.USER, NOW);

        account.disable();
        assertThat(account.isEnabled()).isFalse();
        account.enable();
        assertThat(account.isEnabled()).isTrue();
    }

    @Test
    void namesAreShortAndMadeOfSafeCharacters() {
        assertThat(Account.isValidName("alice.smith@example.org")).isTrue();
        assertThat(Account.isValidName("a")).isTrue();
        assertThat(Account.isValidName("a".repeat(64))).isTrue();
        assertThat(Account.isValidName("a".repeat(65))).isFalse();
        assertThat(Account.isValidName("")).isFalse();
        assertThat(Account.isValidName(null)).isFalse();
        assertThat(Account.isValidName("-leading-dash")).isFalse();
        assertThat(Account.isValidName("with space")).isFalse();
        assertThat(Account.isValidName("<script>")).isFalse();
        assertThat(Account.isValidName("robert'); DROP TABLE account;--")).isFalse();
    }

    @Test
    void anAccountWithAnInvalidNameCannotBeMade() {
        assertThatThrownBy(() -> new Account("not valid", "$argon2id$…", Role.USER, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
