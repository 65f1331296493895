package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The MicroProfile Health endpoints operators and keepalived use. */
class HealthIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final PortalClient client = new PortalClient(system.httpsUrl("/"));

    @Test
    void readinessIsUpWithTheDatabaseCheckAndNoPendingMigrations() {
        var ready = client.get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"name\":\"database\"")
                .contains("\"pendingMigrations\":\"0\"").contains("\"failedMigrations\":\"0\"");
    }

    @Test
    void livenessIsUp() {
        var live = client.get("/health/live");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"").contains("\"name\":\"application\"");
    }
}
