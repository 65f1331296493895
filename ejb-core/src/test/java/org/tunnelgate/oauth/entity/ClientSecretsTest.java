package org.tunnelgate.oauth.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientSecretsTest {

    @Test
    void theRightSecretVerifiesAndAWrongOneDoesNot() {
        String stored = ClientSecrets.hash("correct horse battery staple");
        assertThat(stored).doesNotContain("correct horse");
        assertThat(ClientSecrets.verify("correct horse battery staple", stored)).isTrue();
        assertThat(ClientSecrets.verify("correct horse battery stapl", stored)).isFalse();
    }

    @Test
    void theSameSecretHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(ClientSecrets.hash("s3cret-s3cret-s3cret")).isNotEqualTo(ClientSecrets.hash("s3cret-s3cret-s3cret"));
    }

    @Test
    void aGarbledStoredHashVerifiesNothing() {
        assertThat(ClientSecrets.verify("anything", "sha1$abc")).isFalse();
    }
}
