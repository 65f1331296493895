package org.tunnelgate.account.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void shortPasswordsAreRefusedWithAReason() {
        assertThat(PasswordPolicy.violation("alice", "short")).hasValueSatisfying(r -> assertThat(r).contains("at least 10"));
        assertThat(PasswordPolicy.violation("alice", null)).isPresent();
    }

    @Test
    void thePasswordMayNotBeTheAccountName() {
        assertThat(PasswordPolicy.violation("alice.smith", "Alice.Smith")).isPresent();
    }

    @Test
    void absurdlyLongPasswordsAreRefusedSoNobodyCanMakeTheServerHashMegabytes() {
        assertThat(PasswordPolicy.violation("alice", "x".repeat(257))).isPresent();
        assertThat(PasswordPolicy.violation("alice", "x".repeat(256))).isEmpty();
    }

    @Test
    void aReasonablePassphraseIsAccepted() {
        assertThat(PasswordPolicy.violation("alice", "correct horse battery staple")).isEmpty();
    }

    @Test
    void generatedPasswordsMeetThePolicyAndDiffer() {
        String one = PasswordPolicy.generate();
        assertThat(PasswordPolicy.violation("alice", one)).isEmpty();
        assertThat(one).isNotEqualTo(PasswordPolicy.generate());
    }
}
