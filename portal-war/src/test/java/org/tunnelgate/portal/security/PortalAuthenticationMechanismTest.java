package org.tunnelgate.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortalAuthenticationMechanismTest {

    @Test
    void afterLoginTheBrowserOnlyEverGoesBackToAPathOnThisServer() {
        assertThat(PortalAuthenticationMechanism.isLocal("/oauth/authorize?client_id=org.eduvpn.app&state=x")).isTrue();
        assertThat(PortalAuthenticationMechanism.isLocal("/")).isTrue();
        assertThat(PortalAuthenticationMechanism.isLocal("//evil.example/")).isFalse();
        assertThat(PortalAuthenticationMechanism.isLocal("/\\evil.example/")).isFalse();
        assertThat(PortalAuthenticationMechanism.isLocal("https://evil.example/")).isFalse();
        assertThat(PortalAuthenticationMechanism.isLocal("/ok\r\nSet-Cookie: x=y")).isFalse();
    }
}
