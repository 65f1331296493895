package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * Every few seconds, for every managed node: probe the agent ({@code GET /v1/status}), bring it to
 * its desired state when it lacks it (an agent that never got one, lost it, or carries other
 * interfaces or another number of peers than the database says), record the public keys of its
 * WireGuard interfaces, and cache the outcome as the node's health — up, down with the reason, or
 * maintenance — in the database, where placement reads it without waiting on any node.
 *
 * <p>A non-persistent timer fires on every controller instance; the work is idempotent (a repeated
 * desired state is a no-op on the agent, health rows are last-writer-wins).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeSync {

    private static final Logger LOG = Logger.getLogger(NodeSync.class.getName());

    @EJB
    Nodes nodes;

    @Inject
    NodeClient client;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false)
    void everyFewSeconds() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still busy with a slow node
        }
        try {
            Map<String, NodeStore.Health> health = JdbcTransaction.run(dataSource, NodeStore::health);
            for (Node node : nodes.all()) {
                if (node.isManaged()) {
                    sync(node, health.get(node.name()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "node sync failed, will retry: " + e);
        } finally {
            running.set(false);
        }
    }

    /** One node; never throws for the node's own failures (they become its health). */
    void sync(Node node, NodeStore.Health last) {
        long sent = last == null ? 0 : last.generation();
        try {
            JsonObject status = client.status(node);
            DesiredState desired = JdbcTransaction.run(dataSource, c -> new DesiredState(
                    NodeStore.servedWireGuard(c, node.name()), NodeStore.peers(c, node.name())));
            long applied = status.getJsonNumber("generation").longValue();
            if (lacksDesiredState(status, desired, applied, sent)) {
                long generation = Math.max(sent, applied) + 1;
                JsonObject answer = client.applyState(node, desired.toJson(generation));
                sent = generation;
                LOG.info(() -> "node " + node.name() + ": desired state " + generation + " applied: " + answer.get("changes"));
                status = client.status(node);
            }
            recordKeys(node, status, desired);
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.UP,
                    node.inMaintenance() ? "drained by an admin" : null, sent);
        } catch (NodeClient.AgentCallFailed | IllegalStateException | ClassCastException | NullPointerException e) {
            boolean wasUp = last != null && NodeHealth.UP.equals(last.state());
            if (wasUp) {
                LOG.warning(() -> "node " + node.name() + " is down: " + e.getMessage());
            }
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.DOWN, e.getMessage(), sent);
        }
    }

    static boolean lacksDesiredState(JsonObject status, DesiredState desired, long applied, long sent) {
        if (sent == 0 || applied == 0 || applied < sent) {
            return true;
        }
        Map<String, Long> reported = new HashMap<>();
        for (JsonValue value : status.getJsonArray("wireguard")) {
            JsonObject wg = value.asJsonObject();
            reported.put(wg.getString("name"), wg.getJsonNumber("peer_count").longValue());
        }
        return !reported.equals(desired.peerCountByInterface());
    }

    private void recordKeys(Node node, JsonObject status, DesiredState desired) {
        Map<String, String> profileByInterface = new HashMap<>();
        desired.profiles().forEach(p -> profileByInterface.put(WireGuardInterfaces.nameFor(p.profileId()), p.profileId()));
        JdbcTransaction.run(dataSource, c -> {
            for (JsonValue value : status.getJsonArray("wireguard")) {
                JsonObject wg = value.asJsonObject();
                String profileId = profileByInterface.get(wg.getString("name"));
                if (profileId != null && wg.get("public_key") instanceof JsonString key) {
                    NodeStore.storeInterfaceKey(c, node.name(), profileId, wg.getString("name"), key.getString());
                }
            }
            return null;
        });
    }

    private void record(Node node, String state, String reason, long generation) {
        JdbcTransaction.run(dataSource, c -> {
            NodeStore.recordHealth(c, node.name(), state, reason, clock.instant(), generation);
            return null;
        });
    }
}
