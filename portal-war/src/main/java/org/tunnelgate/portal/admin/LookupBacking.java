package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.web.Times;
import org.tunnelgate.stats.boundary.ConnectionLog;
import org.tunnelgate.stats.entity.LoggedConnection;

/**
 * Log lookup in the console ({@code /admin/lookup}): who had VPN address X (IPv4 or IPv6, any
 * notation) at time T — T typed in the viewer's own time zone, now when empty — and every session
 * of one person ({@code ?user=…}, newest first, a page at a time; also after the account was
 * deleted, as the log keeps the name). Both are GET searches: they change nothing.
 */
@Named
@RequestScoped
public class LookupBacking {

    static final int PAGE_SIZE = 50;

    @Inject
    ConnectionLog log;

    @Inject
    Times times;

    @Inject
    Clock clock;

    @Inject
    FacesContext faces;

    private List<LoggedConnection> found;
    private boolean more;
    private String problem;
    private Instant when;

    /** Whether a question was asked (an address or a user); the page answers nothing otherwise. */
    public boolean isAsked() {
        return !getAddress().isEmpty() || !getUser().isEmpty();
    }

    public List<LoggedConnection> getSessions() {
        if (found == null) {
            found = List.of();
            try {
                if (!getAddress().isEmpty()) {
                    found = log.at(getAddress(), getWhen());
                } else if (!getUser().isEmpty()) {
                    List<LoggedConnection> fetched = log.ofAccount(getUser(), getBefore(), PAGE_SIZE + 1);
                    more = fetched.size() > PAGE_SIZE;
                    found = more ? fetched.subList(0, PAGE_SIZE) : fetched;
                }
            } catch (BusinessException e) {
                problem = e.getMessage();
            }
        }
        return found;
    }

    /** The moment asked about: the form's local time in the viewer's zone, now when empty. */
    public Instant getWhen() {
        if (when == null) {
            String at = parameter("at");
            if (at.isEmpty()) {
                when = clock.instant();
            } else {
                when = times.parseLocal(at).orElse(null);
                if (when == null) {
                    problem = "The time must be a date and time, e.g. 2026-12-02T20:15.";
                    when = clock.instant();
                    found = List.of();
                }
            }
        }
        return when;
    }

    public String getProblem() {
        getWhen();
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

    public String getAddress() {
        return parameter("address");
    }

    public String getAt() {
        return parameter("at");
    }

    public String getUser() {
        return parameter("user");
    }

    public long getBefore() {
        return QueryParameters.position(faces, "before");
    }

    private String parameter(String name) {
        return QueryParameters.text(faces, name);
    }
}
