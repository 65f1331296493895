package org.tunnelgate.portal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.NodeMetrics;
import org.tunnelgate.stats.entity.LiveSessions;

class NodeMetricsResourceTest {

    @Test
    void everyNodeIsOneSampleOfEachFamilyInThePrometheusTextFormat() {
        String text = NodeMetricsResource.render(List.of(
                new NodeMetrics("node1", "up", Map.of("staff", 3L), 2, 10, 1, 1500),
                new NodeMetrics("node2", "down", Map.of(), 0, 4, 4, 8000)),
                List.of(new LiveSessions("node1", "staff", "openvpn", 5), new LiveSessions("node1", "staff", "wireguard", 2),
                        new LiveSessions("node2", "guests", "openvpn", 1), new LiveSessions("removed", "staff", "openvpn", 7)));

        assertThat(text).contains("# TYPE tunnelgate_node_up gauge\n", "tunnelgate_node_up{node=\"node1\"} 1\n",
                "tunnelgate_node_up{node=\"node2\"} 0\n", "tunnelgate_node_state{node=\"node2\",state=\"down\"} 1\n",
                "tunnelgate_node_state{node=\"node2\",state=\"up\"} 0\n",
                "tunnelgate_node_wireguard_peers{node=\"node1\",profile=\"staff\"} 3\n",
                "# TYPE tunnelgate_node_openvpn_clients gauge\n",
                "tunnelgate_node_openvpn_clients{node=\"node1\",profile=\"staff\"} 5\n",
                "tunnelgate_node_openvpn_clients{node=\"node2\",profile=\"guests\"} 1\n",
                "tunnelgate_node_repairs_total{node=\"node1\"} 2\n", "tunnelgate_node_agent_call_failures_total{node=\"node2\"} 4\n",
                "tunnelgate_node_agent_call_seconds_total{node=\"node1\"} 1.5\n");
        assertThat(text).as("WireGuard sessions are not OpenVPN clients").doesNotContain("profile=\"staff\"} 2\n");
        assertThat(text).as("the log of a removed node is no node's figure").doesNotContain("removed");
        assertThat(text.lines().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.matches("tunnelgate_[a-z_]+\\{[^}]*\\} [0-9.]+"));
    }
}
