package org.tunnelgate.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortalRequestGuardTest {

    @Test
    void pagesAreGuardedButApisAndStaticFilesCheckTheirOwnInput() {
        assertThat(PortalRequestGuard.isPortalPage("/login")).isTrue();
        assertThat(PortalRequestGuard.isPortalPage("/")).isTrue();
        assertThat(PortalRequestGuard.isPortalPage("/admin/users")).isTrue();
        assertThat(PortalRequestGuard.isPortalPage("/oauth/authorize")).isTrue();
        assertThat(PortalRequestGuard.isPortalPage("/oauth/token")).isFalse();
        assertThat(PortalRequestGuard.isPortalPage("/api/v3/info")).isFalse();
        assertThat(PortalRequestGuard.isPortalPage("/.well-known/vpn-user-portal")).isFalse();
        assertThat(PortalRequestGuard.isPortalPage("/resources/css/portal.css")).isFalse();
    }

    @Test
    void onlyViewStatesShapedLikeThePortalsOwnAreTakenToFaces() {
        assertThat(PortalRequestGuard.SERVER_STATE_ID.matcher("3933047215556738272:8575747303131194024").matches()).isTrue();
        assertThat(PortalRequestGuard.SERVER_STATE_ID.matcher("-1:-2").matches()).isTrue();
        for (String forged : new String[] {"stateless", "", "1:", ":1", "1:2:3", "rO0ABXNy", "1 :2", "1:2\n"}) {
            assertThat(PortalRequestGuard.SERVER_STATE_ID.matcher(forged).matches()).as(forged).isFalse();
        }
    }

    @Test
    void methodsNoPartOfTheApplicationServesAreNotPassedOn() {
        assertThat(PortalRequestGuard.KNOWN_METHODS).contains("GET", "POST", "PUT", "DELETE").doesNotContain("FOO", "TRACE");
        assertThat(PortalRequestGuard.isServed("PATCH", "/api/admin/users")).isTrue();
        assertThat(PortalRequestGuard.isServed("PATCH", "/oauth/token")).as("a plain servlet's 501").isFalse();
        assertThat(PortalRequestGuard.isServed("PATCH", "/.well-known/vpn-user-portal")).isFalse();
    }
}
