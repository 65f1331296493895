package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.entity.AuditEntry;

/**
 * The audit trail in the console ({@code /admin/audit?actor=…&action=…&target=…&before=…}):
 * read-only, newest first, a page at a time. Searching is a GET: it changes nothing and has a URL
 * one can send to a colleague.
 */
@Named
@RequestScoped
public class AuditBacking {

    static final int PAGE_SIZE = 50;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private List<AuditEntry> page;
    private boolean more;

    public String getActor() {
        return parameter("actor");
    }

    public String getAction() {
        return parameter("action");
    }

    public String getTarget() {
        return parameter("target");
    }

    /** The id the current page starts below (0: the newest entries). */
    public long getBefore() {
        return QueryParameters.position(faces, "before");
    }

    public List<AuditEntry> getEntries() {
        if (page == null) {
            var search = new AuditTrail.Search(getActor(), getAction(), getTarget());
            List<AuditEntry> fetched = audit.search(search, getBefore(), PAGE_SIZE + 1);
            more = fetched.size() > PAGE_SIZE;
            page = more ? fetched.subList(0, PAGE_SIZE) : fetched;
        }
        return page;
    }

    public boolean isMore() {
        getEntries();
        return more;
    }

    public long getLastId() {
        List<AuditEntry> entries = getEntries();
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).getId();
    }

    private String parameter(String name) {
        return QueryParameters.text(faces, name);
    }
}
