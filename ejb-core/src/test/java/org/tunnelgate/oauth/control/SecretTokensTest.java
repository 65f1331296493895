package org.tunnelgate.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokensTest {

    @Test
    void tokensAreUniqueAndHaveTheShapeWeRecognise() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = SecretTokens.generate();
            assertThat(SecretTokens.hasShape(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void theStoredHashIsTheSha256HexOfTheToken() {
        // printf %s abc | sha256sum
        assertThat(SecretTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void injectionStringsAreNotTokenShaped() {
        assertThat(SecretTokens.hasShape("' OR 1=1 --")).isFalse();
        assertThat(SecretTokens.hasShape("")).isFalse();
        assertThat(SecretTokens.hasShape(null)).isFalse();
    }
}
