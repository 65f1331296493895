package org.tunnelgate.stats.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionStoreTest {

    @Test
    void theOriginIsTheHostOfTheEndpoint() {
        assertThat(ConnectionStore.origin("192.0.2.7:49499")).isEqualTo("192.0.2.7");
        assertThat(ConnectionStore.origin("[2001:db8::7]:51820")).isEqualTo("2001:db8::7");
        assertThat(ConnectionStore.origin(null)).isNull();
        assertThat(ConnectionStore.origin("")).isNull();
    }
}
