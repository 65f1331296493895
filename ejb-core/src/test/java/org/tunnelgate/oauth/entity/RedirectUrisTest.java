package org.tunnelgate.oauth.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedirectUrisTest {

    @Test
    void aFixedUriMatchesOnlyItselfExactly() {
        assertThat(RedirectUris.matches("org.eduvpn.app:/api/callback", "org.eduvpn.app:/api/callback")).isTrue();
        assertThat(RedirectUris.matches("org.eduvpn.app:/api/callback", "org.eduvpn.app:/api/callback/")).isFalse();
        assertThat(RedirectUris.matches("org.eduvpn.app:/api/callback", "ORG.eduvpn.app:/api/callback")).isFalse();
        assertThat(RedirectUris.matches("org.eduvpn.app:/api/callback", "org.eduvpn.app:/api/callback?x=1")).isFalse();
    }

    @Test
    void theLoopbackTemplatesMatchAnyPort() {
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:12345/callback")).isTrue();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:1/callback")).isTrue();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:65535/callback")).isTrue();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V6, "http://[::1]:8080/callback")).isTrue();
    }

    @Test
    void theLoopbackTemplatesMatchNothingButAPort() {
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:65536/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:0/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:80@evil.example/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:80/x/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://127.0.0.1:80/callback?next=evil")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "https://127.0.0.1:80/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, "http://localhost:80/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V6, "http://127.0.0.1:80/callback")).isFalse();
        assertThat(RedirectUris.matches(RedirectUris.LOOPBACK_V4, null)).isFalse();
    }
}
