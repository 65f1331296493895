package org.tunnelgate.stats.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tunnelgate.stats.InvalidQuery;

class ConnectionLogTest {

    @Test
    void anAddressIsLookedUpInTheNotationTheConfigurationsUse() {
        assertThat(ConnectionLog.normalized("10.43.0.7")).isEqualTo("10.43.0.7");
        assertThat(ConnectionLog.normalized("FD43:0:0:0:0:0:0:7")).isEqualTo(ConnectionLog.normalized("fd43::7"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {null, "", "x", "10.43.0.256", "10.43.0.7'--", "fd43::7/64", "1".repeat(60)}) {
            assertThatThrownBy(() -> ConnectionLog.normalized(bad)).as(String.valueOf(bad)).isInstanceOf(InvalidQuery.class);
        }
    }
}
