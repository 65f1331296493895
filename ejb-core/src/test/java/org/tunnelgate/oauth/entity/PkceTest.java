package org.tunnelgate.oauth.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {

    // challenge computed independently: printf %s "$V" | openssl dgst -sha256 -binary | base64url
    private static final String VERIFIER = "Gg-cWXqbFIBoNSS0Db-mz-UkBK4AGIuA9MQOb08_anw";
    private static final String CHALLENGE = "9qzgSbBsk7qpXjLg660WAbN5dwI2GSGCEPrsP1aDCQ0";

    @Test
    void theVerifierWhoseHashIsTheChallengeIsAccepted() {
        assertThat(Pkce.challengeOf(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Pkce.verifies(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void anyOtherVerifierIsRefused() {
        assertThat(Pkce.verifies(VERIFIER.replace('G', 'H'), CHALLENGE)).isFalse();
    }

    @Test
    void thePlainMethodDoesNotWorkBecauseTheChallengeItselfIsNotAVerifierOfItself() {
        assertThat(Pkce.verifies(CHALLENGE, CHALLENGE)).isFalse();
    }

    @Test
    void verifiersOutsideTheRfcAlphabetOrLengthAreRefusedEvenIfTheyHashRight() {
        String tooShort = "abc";
        assertThat(Pkce.verifies(tooShort, Pkce.challengeOf(tooShort))).isFalse();
        String withSpace = VERIFIER.substring(0, 42) + " ";
        assertThat(Pkce.verifies(withSpace, Pkce.challengeOf(withSpace))).isFalse();
        String tooLong = "a".repeat(129);
        assertThat(Pkce.verifies(tooLong, Pkce.challengeOf(tooLong))).isFalse();
        assertThat(Pkce.verifies("a".repeat(128), Pkce.challengeOf("a".repeat(128)))).isTrue();
    }

    @Test
    void onlyFortyThreeBase64UrlCharactersFormAChallenge() {
        assertThat(Pkce.isWellFormedChallenge(CHALLENGE)).isTrue();
        assertThat(Pkce.isWellFormedChallenge(CHALLENGE + "=")).isFalse();
        assertThat(Pkce.isWellFormedChallenge(CHALLENGE.substring(1))).isFalse();
        assertThat(Pkce.isWellFormedChallenge(CHALLENGE.substring(0, 42) + "/")).isFalse();
        assertThat(Pkce.isWellFormedChallenge(null)).isFalse();
    }
}
