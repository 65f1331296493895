package org.tunnelgate.account.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashIsAnArgon2idPhcStringWithOwaspParameters() {
        assertThat(hasher.hash("correct horse battery"))
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void malformedOrMissingHashesNeverVerify() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$2y$10$abcdefghijklmnopqrstuu")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
        assertThat(hasher.verify(null, hasher.hash("something long"))).isFalse();
    }

    @Test
    void hashesWithWeakerParametersStillVerifyButAskForARehash() {
        // made by the same algorithm with m=8192,t=1 (what an older release might have stored)
        var weak = new PasswordHasherWithParameters(8192, 1).hash("old password");

        assertThat(hasher.verify("old password", weak)).isTrue();
        assertThat(hasher.needsRehash(weak)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("new password"))).isFalse();
    }

    /** Re-encodes a hash with other parameters, as an older configuration would have produced it. */
    private record PasswordHasherWithParameters(int memory, int iterations) {
        String hash(String password) {
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            var parameters = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                    org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                    .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memory).withIterations(iterations).withParallelism(1).withSalt(salt).build();
            var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[32];
            generator.generateBytes(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
            var b64 = java.util.Base64.getEncoder().withoutPadding();
            return "$argon2id$v=19$m=" + memory + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(out);
        }
    }
}
