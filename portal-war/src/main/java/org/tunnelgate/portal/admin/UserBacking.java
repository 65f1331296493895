package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.account.boundary.AccountAdministration;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.audit.entity.AuditEntry;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.oauth.boundary.AuthorizedApplication;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;

/**
 * One person in the admin console ({@code /admin/user?name=…}): their account, configurations,
 * authorized apps, the profiles they may use and what was done to them; disable, enable, delete,
 * reset the password, change the role, remove a configuration, revoke an app. The name travels
 * in the query string on GET and in a hidden field on POST. Every change is audited.
 */
@Named
@RequestScoped
public class UserBacking {

    static final int AUDIT_LINES = 20;

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    AccountAdministration administration;

    @Inject
    Configurations configurations;

    @Inject
    Authorizations authorizations;

    @Inject
    Profiles profiles;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private Optional<Account> account;
    private List<IssuedConfiguration> ownConfigurations;
    private List<AuthorizedApplication> applications;
    private List<Profile> usableProfiles;
    private List<AuditEntry> auditEntries;
    private String newPassword;

    public String getName() {
        String name = faces.getExternalContext().getRequestParameterMap().get("name");
        return name == null ? "" : name;
    }

    public Account getAccount() {
        if (account == null) {
            account = accounts.findByName(getName());
            if (account.isEmpty() && !faces.isPostback()) {
                faces.getExternalContext().setResponseStatus(404);
            }
        }
        return account.orElse(null);
    }

    public boolean isSelf() {
        return getName().equals(user.getName());
    }

    // each list is read once per request: the page asks for it several times (table, "none" line)

    public List<IssuedConfiguration> getConfigurations() {
        if (ownConfigurations == null) {
            ownConfigurations = getAccount() == null ? List.of() : configurations.ownedBy(getAccount().getId());
        }
        return ownConfigurations;
    }

    public List<AuthorizedApplication> getApplications() {
        if (applications == null) {
            applications = getAccount() == null ? List.of() : authorizations.activeOf(getAccount().getId());
        }
        return applications;
    }

    public List<Profile> getProfiles() {
        if (usableProfiles == null) {
            usableProfiles = getAccount() == null ? List.of() : profiles.usableBy(getAccount());
        }
        return usableProfiles;
    }

    public List<AuditEntry> getAuditEntries() {
        if (auditEntries == null) {
            auditEntries = audit.search(new AuditTrail.Search(null, null, getName()), 0, AUDIT_LINES);
        }
        return auditEntries;
    }

    public void disable() throws IOException {
        attempt(() -> administration.disable(user.getName(), getName()),
                "Disabled " + getName() + "; their configurations and apps were ended.");
    }

    public void enable() throws IOException {
        attempt(() -> administration.enable(user.getName(), getName()), "Enabled " + getName() + ".");
    }

    public void makeAdmin() throws IOException {
        attempt(() -> administration.changeRole(user.getName(), getName(), Role.ADMIN), getName() + " is now an admin.");
    }

    public void makeUser() throws IOException {
        attempt(() -> administration.changeRole(user.getName(), getName(), Role.USER), getName() + " is now a plain user.");
    }

    public void resetPassword() throws IOException {
        attempt(() -> administration.resetPassword(user.getName(), getName(), newPassword),
                "Set a new password for " + getName() + ".");
    }

    /** Disables first (which ends everything on the nodes), then deletes what is left. */
    public void delete() throws IOException {
        String name = getName();
        try {
            if (getAccount() != null && getAccount().isEnabled()) {
                administration.disable(user.getName(), name);
            }
            administration.delete(user.getName(), name);
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Deleted " + name + ".");
        redirect("/admin/users");
    }

    public void removeConfiguration(long configurationId) throws IOException {
        Account owner = getAccount();
        attempt(() -> AuditedChange.run(audit::record, user.getName(), "configuration.delete", String.valueOf(configurationId),
                () -> {
                    configurations.delete(owner.getId(), configurationId);
                    return null;
                }), "Removed configuration " + configurationId + ".");
    }

    public void revokeApplication(long authorizationId) throws IOException {
        Account owner = getAccount();
        boolean owned = getApplications().stream().anyMatch(a -> a.authorizationId() == authorizationId);
        if (!owned) {
            Messages.error("That app authorization is not " + owner.getName() + "'s.");
            return;
        }
        attempt(() -> AuditedChange.run(audit::record, user.getName(), "authorization.revoke", String.valueOf(authorizationId),
                () -> {
                    authorizations.revoke(authorizationId, "revoked by the administrator " + user.getName());
                    return null;
                }), "Revoked the app authorization.");
    }

    private void attempt(Runnable change, String done) throws IOException {
        if (getAccount() == null) {
            Messages.error("There is no account named " + getName() + ".");
            return;
        }
        try {
            change.run();
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect(done);
        redirect("/admin/user?name=" + URLEncoder.encode(getName(), StandardCharsets.UTF_8));
    }

    private void redirect(String path) throws IOException {
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + path);
        faces.responseComplete();
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }
}
