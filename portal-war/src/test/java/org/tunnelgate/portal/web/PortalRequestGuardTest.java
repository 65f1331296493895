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
}
