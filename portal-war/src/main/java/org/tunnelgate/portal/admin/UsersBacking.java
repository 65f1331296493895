package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tunnelgate.account.boundary.AccountAdministration;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;

/**
 * Admin console, users ({@code /admin/users?q=…&after=…}): search by part of the name, one page
 * at a time in name order (keyset paging, as fast at 100,000 accounts as at ten), and create.
 * {@code web.xml} limits {@code /admin/*} to admins; {@link AccountAdministration} checks again
 * against the database and writes the audit trail.
 */
@Named
@RequestScoped
public class UsersBacking {

    static final int PAGE_SIZE = 50;

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    AccountAdministration administration;

    @Inject
    FacesContext faces;

    private List<Account> page;
    private boolean more;
    private String newName;
    private String newPassword;
    private boolean newAdmin;

    public String getSearch() {
        return parameter("q");
    }

    /** The name the current page starts after (blank on the first page). */
    public String getAfter() {
        return parameter("after");
    }

    public List<Account> getAccounts() {
        if (page == null) {
            List<Account> fetched = accounts.page(getSearch(), getAfter(), PAGE_SIZE + 1);
            more = fetched.size() > PAGE_SIZE;
            page = more ? fetched.subList(0, PAGE_SIZE) : fetched;
        }
        return page;
    }

    public boolean isMore() {
        getAccounts();
        return more;
    }

    public String getLast() {
        List<Account> accounts = getAccounts();
        return accounts.isEmpty() ? "" : accounts.get(accounts.size() - 1).getName();
    }

    public String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    public void create() throws IOException {
        try {
            administration.create(user.getName(), newName, newPassword, newAdmin ? Role.ADMIN : Role.USER);
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Created account " + newName + ".");
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/user?name=" + encode(newName));
        faces.responseComplete();
    }

    private String parameter(String name) {
        String value = faces.getExternalContext().getRequestParameterMap().get(name);
        return value == null || value.length() > 64 ? "" : value;
    }

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public boolean isNewAdmin() {
        return newAdmin;
    }

    public void setNewAdmin(boolean newAdmin) {
        this.newAdmin = newAdmin;
    }
}
