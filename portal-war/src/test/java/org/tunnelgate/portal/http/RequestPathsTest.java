package org.tunnelgate.portal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathsTest {

    @Test
    void ordinaryPathsHaveOneReading() {
        for (String path : new String[] {"", "/", "/login", "/api/admin/clients", "/api/v3/connect",
                "/api/admin/clients/org.example%20app", "/.well-known/vpn-user-portal", "/caf%C3%A9"}) {
            assertThat(RequestPaths.isUnambiguous(path)).as(path).isTrue();
        }
    }

    @Test
    void pathsThatLayersReadDifferentlyAreRefused() {
        for (String path : new String[] {"/api/admin;x/clients", "/api;jsessionid=1/admin/clients", "/api/admin/clients;x",
                "/api%2Fadmin/clients", "/api%2fadmin/clients", "/api/%2e%2e/admin", "/api//admin/clients",
                "/api/v3/../admin/clients", "/api/./admin/clients", "/api\\admin", "/api%5Cadmin", "/a%3Bb",
                "/a%00b", "/a%0ab", "/a%252Fb", "/a%", "/a%2", "relative"}) {
            assertThat(RequestPaths.isUnambiguous(path)).as(path).isFalse();
        }
    }

    @Test
    void theAdminApiIsItsPrefixAsAWholeSegment() {
        assertThat(RequestPaths.isAdminApi("/api/admin")).isTrue();
        assertThat(RequestPaths.isAdminApi("/api/admin/clients")).isTrue();
        assertThat(RequestPaths.isAdminApi("/api/administrator")).isFalse();
        assertThat(RequestPaths.isAdminApi("/api/v3/info")).isFalse();
    }
}
