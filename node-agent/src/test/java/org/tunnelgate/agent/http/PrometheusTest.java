package org.tunnelgate.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTest {

    @Test
    void writes_help_type_and_samples_with_escaped_labels() {
        String text = new Prometheus()
                .metric("tunnelgate_agent_wireguard_peers", "gauge", "Peers per interface.")
                .sample("tunnelgate_agent_wireguard_peers", 3, "interface", "wg\"0\\\n")
                .sample("tunnelgate_agent_node_load", 0.25, "minutes", "1")
                .text();

        assertThat(text).isEqualTo("""
                # HELP tunnelgate_agent_wireguard_peers Peers per interface.
                # TYPE tunnelgate_agent_wireguard_peers gauge
                tunnelgate_agent_wireguard_peers{interface="wg\\"0\\\\\\n"} 3
                tunnelgate_agent_node_load{minutes="1"} 0.25
                """);
    }
}
