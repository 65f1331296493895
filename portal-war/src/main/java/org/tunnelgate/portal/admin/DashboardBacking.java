package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.List;
import org.tunnelgate.node.boundary.Nodes;
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
    Nodes nodes;

    @Inject
    AddressPools pools;

    @Inject
    OpenVpnAuthority openVpn;

    @Inject
    Clock clock;

    private List<Profile> allProfiles;
    private List<Node> allNodes;
    private List<PoolUse> poolUse;
    private List<String> problems;

    public List<Node> getNodes() {
        if (allNodes == null) {
            allNodes = nodes.all();
        }
        return allNodes;
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
            problems = ConfigurationCheck.problems(getProfiles(), getNodes(), openVpn.caCertificatePem(), clock.instant());
        }
        return problems;
    }
}
