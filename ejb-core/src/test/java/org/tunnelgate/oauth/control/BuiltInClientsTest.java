package org.tunnelgate.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tunnelgate.oauth.entity.OAuthClient;

class BuiltInClientsTest {

    @Test
    void theTenOfficialAppsAreKnownAndPublic() {
        assertThat(BuiltInClients.all()).extracting(OAuthClient::id).containsExactlyInAnyOrder(
                "org.eduvpn.app.windows", "org.eduvpn.app.linux", "org.eduvpn.app.macos", "org.eduvpn.app.android",
                "org.eduvpn.app.ios", "org.letsconnect-vpn.app.windows", "org.letsconnect-vpn.app.linux",
                "org.letsconnect-vpn.app.macos", "org.letsconnect-vpn.app.android", "org.letsconnect-vpn.app.ios");
        assertThat(BuiltInClients.all()).allSatisfy(c -> assertThat(c.isConfidential()).isFalse());
    }

    @Test
    void eachAppHasExactlyTheRedirectUrisItSends() {
        assertThat(client("org.eduvpn.app.linux").redirectUris()).containsExactly(
                "http://127.0.0.1:{PORT}/callback", "http://[::1]:{PORT}/callback");
        assertThat(client("org.eduvpn.app.macos").redirectUris()).containsExactly(
                "http://127.0.0.1:{PORT}/callback", "http://[::1]:{PORT}/callback", "org.eduvpn.app.macos:/api/callback");
        assertThat(client("org.eduvpn.app.android").redirectUris()).containsExactly(
                "org.eduvpn.app:/api/callback", "org.eduvpn.app.android:/api/callback");
        assertThat(client("org.eduvpn.app.ios").redirectUris()).containsExactly("org.eduvpn.app.ios:/api/callback");
        assertThat(client("org.letsconnect-vpn.app.android").redirectUris()).containsExactly(
                "org.letsconnect-vpn.app:/api/callback", "org.letsconnect-vpn.app.android:/api/callback");
        assertThat(client("org.letsconnect-vpn.app.macos").redirectUris()).contains(
                "org.letsconnect-vpn.app.macos:/api/callback");
    }

    @Test
    void aLoopbackAppAcceptsAnyPortButAMobileAppOnlyItsScheme() {
        assertThat(client("org.eduvpn.app.windows").acceptsRedirectUri("http://[::1]:49152/callback")).isTrue();
        assertThat(client("org.eduvpn.app.ios").acceptsRedirectUri("http://127.0.0.1:49152/callback")).isFalse();
    }

    @Test
    void unknownIdsAreNotBuiltIn() {
        assertThat(BuiltInClients.find("org.eduvpn.app")).isEmpty();
        assertThat(BuiltInClients.find("ORG.EDUVPN.APP.LINUX")).isEmpty();
    }

    private static OAuthClient client(String id) {
        return BuiltInClients.find(id).orElseThrow();
    }
}
