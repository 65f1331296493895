package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.tunnelgate.node.boundary.NodeStatus;
import org.tunnelgate.node.boundary.NodeStatuses;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.openvpn.boundary.OpenVpnAuthority;
import org.tunnelgate.peer.boundary.AddressPools;
import org.tunnelgate.peer.entity.PoolUse;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;

/** The admin dashboard ({@code /admin}): nodes, address pools and what is wrong with the configuration. */
@Named
@RequestScoped
public class DashboardBacking {

    @Inject
    Profiles profiles;

    @Inject
    NodeStatuses nodes;

    @Inject
    AddressPools pools;

    @Inject
    OpenVpnAuthority openVpn;

    @Inject
    Clock clock;

    private List<Profile> allProfiles;
    private List<NodeStatus> statuses;
    private List<PoolUse> poolUse;
    private List<String> problems;

    /** Every node with its last health probe and its peer count. */
    public List<NodeStatus> getNodes() {
        if (statuses == null) {
            statuses = nodes.statuses();
        }
        return statuses;
    }

    public long nodesIn(String state) {
        return getNodes().stream().filter(s -> s.health().state().equals(state)).count();
    }

    /** Nodes that take new configurations: up and not drained, or registry rows without an agent. */
    private java.util.Set<String> serving() {
        return getNodes().stream()
                .filter(s -> !s.node().isManaged() || (s.health().isUp() && !s.node().inMaintenance()))
                .map(s -> s.node().name()).collect(Collectors.toSet());
    }

    public List<Profile> getProfiles() {
        if (allProfiles == null) {
            allProfiles = profiles.all();
        }
        return allProfiles;
    }

    public List<PoolUse> getPoolUse() {
        if (poolUse == null) {
            poolUse = pools.use();
        }
        return poolUse;
    }

    public long getConfigurations() {
        return getPoolUse().stream().mapToLong(PoolUse::used).sum();
    }

    public List<String> getProblems() {
        if (problems == null) {
            List<Node> all = getNodes().stream().map(NodeStatus::node).toList();
            problems = ConfigurationCheck.problems(getProfiles(), all, serving(), openVpn.caCertificatePem(), clock.instant());
        }
        return problems;
    }
}
