package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.List;
import org.tunnelgate.account.boundary.AccountAdministration;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;

/**
 * Admin console, users: list, create, disable, enable. {@code web.xml} already limits
 * {@code /admin/*} to admins; {@link AccountAdministration} checks again against the database and
 * writes the audit trail.
 */
@Named
@RequestScoped
public class UsersBacking {

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    AccountAdministration administration;

    @Inject
    FacesContext faces;

    private List<Account> all;
    private String newName;
    private String newPassword;
    private boolean newAdmin;

    public List<Account> getAccounts() {
        if (all == null) {
            all = accounts.list();
        }
        return all;
    }

    public void create() throws IOException {
        attempt(() -> administration.create(user.getName(), newName, newPassword, newAdmin ? Role.ADMIN : Role.USER),
                "Created account " + newName + ".");
    }

    public void disable(String name) throws IOException {
        attempt(() -> administration.disable(user.getName(), name), "Disabled " + name + ".");
    }

    public void enable(String name) throws IOException {
        attempt(() -> administration.enable(user.getName(), name), "Enabled " + name + ".");
    }

    private void attempt(Runnable change, String done) throws IOException {
        try {
            change.run();
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect(done);
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/users");
        faces.responseComplete();
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
