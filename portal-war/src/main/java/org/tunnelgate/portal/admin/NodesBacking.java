package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.node.boundary.NodeStatus;
import org.tunnelgate.node.boundary.NodeStatuses;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.node.boundary.Registered;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.http.PortalAddress;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;

/**
 * The VPN nodes in the console ({@code /admin/nodes}): each node's health with the reason and since
 * when, its load against its capacity, its agent's version, its last reconciliation and latest
 * repair; drain or undrain, a new enrollment token, remove; register a node, which answers with
 * the enrollment command and its one-time token (shown on that answer only). The same boundary
 * and audit actions as {@code /api/admin/nodes}.
 */
@Named
@RequestScoped
public class NodesBacking {

    @Inject
    CurrentUser user;

    @Inject
    Nodes nodes;

    @Inject
    NodeStatuses nodeStatuses;

    @Inject
    AuditTrail audit;

    @Inject
    PortalAddress address;

    @Inject
    HttpServletRequest request;

    @Inject
    FacesContext faces;

    private List<NodeStatus> statuses;
    private String name;
    private String agentUrl;
    private String publicHost;
    private String location;
    private Integer capacity;
    private Registered registered;

    public List<NodeStatus> getNodes() {
        if (statuses == null) {
            statuses = nodeStatuses.statuses();
        }
        return statuses;
    }

    /** Registers the node; the answer shows its enrollment command (the token is in it, once). */
    public void register() {
        NodeRegistration registration = new NodeRegistration(name, blankToNull(agentUrl), blankToNull(publicHost),
                blankToNull(location), capacity == null ? Node.DEFAULT_CAPACITY : capacity);
        registered = attempt(() -> AuditedChange.run(audit::record, user.getName(), "node.register", name,
                () -> nodes.register(registration)));
        if (registered != null) {
            statuses = null;
            Messages.info("Registered node " + name + ". Run the command below on the node within 24 hours.");
        }
    }

    public void newToken(String node) {
        registered = attempt(() -> AuditedChange.run(audit::record, user.getName(), "node.token", node,
                () -> nodes.newToken(node)));
        if (registered != null) {
            Messages.info("A new enrollment token for " + node + "; the earlier one no longer works.");
        }
    }

    public void drain(String node, boolean maintenance) throws IOException {
        if (attempt(() -> AuditedChange.run(audit::record, user.getName(), "node.maintenance", node,
                () -> nodes.setMaintenance(node, maintenance))) != null) {
            done(maintenance ? "Drained " + node + ": no new sessions; existing ones stay." : node + " takes new sessions again.");
        }
    }

    public void remove(String node) throws IOException {
        if (attempt(() -> AuditedChange.run(audit::record, user.getName(), "node.remove", node, () -> {
            nodes.remove(node);
            return node;
        })) != null) {
            done("Removed node " + node + "; its certificate is no longer accepted.");
        }
    }

    /** The command that enrolls the node just registered or given a new token; null otherwise. */
    public String getEnrollCommand() {
        return registered == null ? null : registered.enrollCommand(address.baseUrl(request));
    }

    public Registered getRegistered() {
        return registered;
    }

    private static <T> T attempt(Supplier<T> change) {
        try {
            return change.get();
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return null;
        } catch (jakarta.ejb.EJBException | jakarta.persistence.OptimisticLockException e) {
            Messages.error("The node was changed at the same time; reload and try again.");
            return null;
        }
    }

    private void done(String message) throws IOException {
        Messages.infoAfterRedirect(message);
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/nodes");
        faces.responseComplete();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAgentUrl() {
        return agentUrl;
    }

    public void setAgentUrl(String agentUrl) {
        this.agentUrl = agentUrl;
    }

    public String getPublicHost() {
        return publicHost;
    }

    public void setPublicHost(String publicHost) {
        this.publicHost = publicHost;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public Integer getCapacity() {
        return capacity;
    }

    public void setCapacity(Integer capacity) {
        this.capacity = capacity;
    }
}
