package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.stats.boundary.ConnectionLog;
import org.tunnelgate.stats.entity.LoggedConnection;
import org.tunnelgate.stats.entity.ConnectionFilter;

/**
 * The live VPN sessions in the console ({@code /admin/connections?profile=…&node=…&user=…&protocol=…&before=…}),
 * from the connection log, newest first, a page at a time: who, profile, node, protocol, VPN and
 * originating addresses, since when, bytes. Filtering is a GET. Disconnect removes the session's
 * configuration through the same path as the person's own delete: its peer leaves the node, its
 * OpenVPN client is killed (audited as {@code connection.disconnect} with the configuration's id).
 */
@Named
@RequestScoped
public class ConnectionsBacking {

    static final int PAGE_SIZE = 50;

    @Inject
    CurrentUser user;

    @Inject
    ConnectionLog log;

    @Inject
    Configurations configurations;

    @Inject
    Profiles profiles;

    @Inject
    Nodes nodes;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private List<LoggedConnection> page;
    private boolean more;
    private String problem;

    public List<LoggedConnection> getSessions() {
        if (page == null) {
            try {
                List<LoggedConnection> fetched = log.live(new ConnectionFilter(getProfile(), getNode(), getUser(),
                        getProtocol()), getBefore(), PAGE_SIZE + 1);
                more = fetched.size() > PAGE_SIZE;
                page = more ? fetched.subList(0, PAGE_SIZE) : fetched;
            } catch (BusinessException e) {
                problem = e.getMessage();
                page = List.of();
            }
        }
        return page;
    }

    /** Why the filter found nothing it could search for (a malformed filter); null when it was fine. */
    public String getProblem() {
        getSessions();
        return problem;
    }

    public boolean isMore() {
        getSessions();
        return more;
    }

    public long getLastId() {
        List<LoggedConnection> sessions = getSessions();
        return sessions.isEmpty() ? 0 : sessions.get(sessions.size() - 1).id();
    }

    public List<Profile> getProfiles() {
        return profiles.all();
    }

    public List<Node> getNodes() {
        return nodes.all();
    }

    /** Ends the session: its configuration is removed, and with it the peer or client on the node. */
    public void disconnect(long sessionId) throws IOException {
        LoggedConnection session = log.find(sessionId).orElse(null);
        if (session == null) {
            Messages.error("There is no session " + sessionId + ".");
            return;
        }
        try {
            AuditedChange.run(audit::record, user.getName(), "connection.disconnect", String.valueOf(session.configurationId()), () -> {
                configurations.delete(session.accountId(), session.configurationId());
                return null;
            });
        } catch (BusinessException e) {
            Messages.error("Could not disconnect " + session.accountName() + ": " + e.getMessage()
                    + " (the configuration is gone already; the session ends at the node's next reconciliation).");
            return;
        }
        Messages.infoAfterRedirect("Disconnected " + session.accountName() + ": configuration " + session.configurationId()
                + " was removed from " + session.nodeName() + ".");
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/connections");
        faces.responseComplete();
    }

    /** Bytes as people read them: 980 B, 12.3 KiB, 4.1 MiB, 2.0 GiB. */
    public String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ENGLISH, "%.1f %s", value, units[unit]);
    }

    public String getProfile() {
        return parameter("profile");
    }

    public String getNode() {
        return parameter("node");
    }

    public String getUser() {
        return parameter("user");
    }

    public String getProtocol() {
        return parameter("protocol");
    }

    /** The id the current page starts below (0: the newest sessions). */
    public long getBefore() {
        return QueryParameters.position(faces, "before");
    }

    private String parameter(String name) {
        return QueryParameters.text(faces, name);
    }
}
