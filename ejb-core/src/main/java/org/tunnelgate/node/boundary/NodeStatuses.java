package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.tunnelgate.node.NodeNotFound;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.RepairLog;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeMetrics;
import org.tunnelgate.node.entity.NodeRepair;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * How the nodes are doing, for the console, the admin API and monitoring: each node's last health,
 * load, agent and repairs as the probes and reconciliation ({@link NodeSync}) recorded them. Reads
 * only; outside any transaction, so a page never waits on a node.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeStatuses {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Nodes nodes;

    @Inject
    NodeClient client;

    /** Every node's numbers for monitoring (health, peers per profile, repairs, this instance's agent calls). */
    public List<NodeMetrics> metrics() {
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.run(dataSource, NodeHealthStore::health);
        Map<String, Long> peers = JdbcTransaction.run(dataSource, NodeStore::peerCountsByProfile);
        Map<String, Long> repairs = JdbcTransaction.run(dataSource, RepairLog::repairCounts);
        List<NodeMetrics> metrics = new ArrayList<>();
        for (Node node : nodes.all()) {
            Map<String, Long> byProfile = new TreeMap<>();
            peers.forEach((key, count) -> {
                if (key.startsWith(node.name() + " ")) {
                    byProfile.put(key.substring(node.name().length() + 1), count);
                }
            });
            NodeClient.CallStats calls = client.stats(node.name());
            metrics.add(new NodeMetrics(node.name(), NodeHealthStore.healthOf(node, health.get(node.name())).state(), byProfile,
                    repairs.getOrDefault(node.name(), 0L), calls.calls(), calls.failures(), calls.millis()));
        }
        return metrics;
    }

    /** The node's latest repairs by reconciliation, newest first. */
    public List<NodeRepair> repairs(String name, int limit) {
        nodes.find(name).orElseThrow(() -> new NodeNotFound(name));
        return JdbcTransaction.run(dataSource, c -> RepairLog.repairs(c, name, limit));
    }

    /** One node's status ({@link NodeNotFound} if unknown). */
    public NodeStatus status(String name) {
        return statuses().stream().filter(s -> s.node().name().equals(name)).findFirst()
                .orElseThrow(() -> new NodeNotFound(name));
    }

    /** Every node with its last health, its load, its agent and its latest repair, by name. */
    public List<NodeStatus> statuses() {
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.run(dataSource, NodeHealthStore::health);
        Map<String, Long> peers = JdbcTransaction.run(dataSource, NodeStore::peerCounts);
        Map<String, NodeHealthStore.AgentFacts> agents = JdbcTransaction.run(dataSource, NodeHealthStore::agentFacts);
        Map<String, NodeRepair> repairs = JdbcTransaction.run(dataSource, RepairLog::lastRepairs);
        NodeHealthStore.AgentFacts none = new NodeHealthStore.AgentFacts(null, 0, null);
        return nodes.all().stream().map(n -> {
            NodeHealthStore.AgentFacts agent = agents.getOrDefault(n.name(), none);
            return new NodeStatus(n, NodeHealthStore.healthOf(n, health.get(n.name())), peers.getOrDefault(n.name(), 0L),
                    agent.version(), agent.clients(), agent.reconciledAt(), repairs.get(n.name()));
        }).toList();
    }
}
