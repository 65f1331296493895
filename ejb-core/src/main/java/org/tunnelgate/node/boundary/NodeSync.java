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
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.control.DesiredState;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.control.NodeHealthStore;
import org.tunnelgate.node.control.NodeStore;
import org.tunnelgate.node.control.WireGuardInterfaces;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;
import org.tunnelgate.platform.ClusterJobs;
import org.tunnelgate.platform.ControllerInstance;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * The nodes' two scheduled jobs, each run exactly once per period by one controller instance of the
 * cluster (see {@link ControllerInstance#claim}), taken over by another when that one dies:
 * <ul>
 * <li><b>health</b> every {@value #HEALTH_SECONDS} s: probe every managed node
 *     ({@code GET /v1/status}) and cache the outcome as its health — up, down with the reason, or
 *     maintenance — where placement reads it without waiting on any node. A node that lost its
 *     desired state (an agent restarted empty: generation 0, or older than the one sent) or carries
 *     other interfaces gets it again at once, and the public keys of its interfaces are recorded;</li>
 * <li><b>reconcile</b> every {@value #RECONCILE_SECONDS} s: compare every up node with the
 *     database ({@link Reconciliation}); a difference is repaired by sending the complete desired
 *     state ({@link DesiredStates}) and recorded with the run's fencing token.</li>
 * </ul>
 * Desired states carry increasing generations; an agent refuses an older one, which fences a stale
 * instance's late push.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeSync {

    static final int HEALTH_SECONDS = 3;
    static final int RECONCILE_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(NodeSync.class.getName());

    @EJB
    Nodes nodes;

    @EJB
    ControllerInstance instance;

    @Inject
    NodeClient client;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    DesiredStates states;

    @Inject
    Reconciliation reconciliation;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still busy with a slow node
        }
        try {
            instance.claim("node-health", Duration.ofSeconds(HEALTH_SECONDS)).ifPresent(this::probeAll);
            instance.claim("node-reconcile", Duration.ofSeconds(RECONCILE_SECONDS)).ifPresent(this::reconcileAll);
        } catch (RuntimeException e) {
            LOG.warning(() -> "node jobs failed, will retry: " + e);
        } finally {
            running.set(false);
        }
    }

    void probeAll(ClusterJobs.Run run) {
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.run(dataSource, NodeHealthStore::health);
        for (Node node : nodes.all()) {
            if (node.isManaged()) {
                try {
                    probe(node, health.get(node.name()), run.fencingToken());
                } catch (RuntimeException e) {
                    LOG.warning(() -> "probe of node " + node.name() + " failed: " + e); // the other nodes still get theirs
                }
            }
        }
    }

    void reconcileAll(ClusterJobs.Run run) {
        Map<String, NodeHealthStore.Health> health = JdbcTransaction.run(dataSource, NodeHealthStore::health);
        for (Node node : nodes.all()) {
            NodeHealthStore.Health last = health.get(node.name());
            if (node.isManaged() && last != null && !NodeHealth.DOWN.equals(last.state())) {
                try {
                    reconciliation.reconcile(node, last, run.fencingToken());
                } catch (RuntimeException e) {
                    LOG.warning(() -> "reconciliation of node " + node.name() + " failed: " + e);
                }
            }
        }
    }

    /** One node's probe; never throws for the node's own failures (they become its health). */
    void probe(Node node, NodeHealthStore.Health last, long fencingToken) {
        long sent = last == null ? 0 : last.generation();
        try {
            JsonObject status = client.status(node);
            DesiredState shape = states.shape(node); // no peers: the probe compares interfaces and processes
            long applied = status.getJsonNumber("generation").longValue();
            Set<String> interfaces = new TreeSet<>();
            for (JsonValue value : status.getJsonArray("wireguard")) {
                interfaces.add(value.asJsonObject().getString("name"));
            }
            Set<String> processes = new TreeSet<>();
            if (status.get("openvpn") instanceof jakarta.json.JsonArray running) {
                for (JsonValue value : running) {
                    JsonObject p = value.asJsonObject();
                    processes.add(p.getString("profile") + "-" + p.getString("proto") + "-" + p.getJsonNumber("port").intValue());
                }
            }
            boolean renewed = shape.renewedServerCertificate();
            if (renewed || sent == 0 || applied == 0 || applied < sent || !interfaces.equals(shape.peerCountByInterface().keySet())
                    || !processes.equals(shape.openVpnProcesses())) {
                String why = renewed ? DesiredStates.RENEWED
                        : applied < sent || (applied == 0 && sent > 0) ? "agent had generation " + applied + " of " + sent
                        : !processes.equals(shape.openVpnProcesses()) ? "agent's OpenVPN processes differed"
                        : "agent lacked its interfaces or first state";
                if (renewed) {
                    sent = states.owe(node, Math.max(sent, applied) + 1);
                }
                sent = states.push(node, states.withPeers(node, shape), Math.max(sent, applied), fencingToken, sent > 0, -1, -1, why);
                status = client.status(node);
            }
            recordKeys(node, status, shape);
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.UP,
                    node.inMaintenance() ? "drained by an admin" : null, sent);
            String version = status.get("version") instanceof JsonString v ? v.getString() : null;
            int clients = status.get("client_count") instanceof JsonNumber n ? n.intValue() : 0;
            JdbcTransaction.run(dataSource, c -> {
                NodeHealthStore.recordAgent(c, node.name(), version, clients);
                return null;
            });
        } catch (NodeClient.AgentCallFailed | IllegalStateException | ClassCastException | NullPointerException e) {
            if (last != null && NodeHealth.UP.equals(last.state())) {
                LOG.warning(() -> "node " + node.name() + " is down: " + e.getMessage());
            }
            record(node, node.inMaintenance() ? NodeHealth.MAINTENANCE : NodeHealth.DOWN, e.getMessage(), sent);
        }
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
            NodeHealthStore.recordHealth(c, node.name(), state, reason, clock.instant(), generation);
            return null;
        });
    }
}
