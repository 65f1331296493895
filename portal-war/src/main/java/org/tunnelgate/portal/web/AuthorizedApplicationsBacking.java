package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.oauth.boundary.AuthorizedApplication;
import org.tunnelgate.portal.security.CurrentUser;

/**
 * The "Authorized applications" section of the account page: the apps a person approved, and Revoke,
 * which ends the app's tokens and its VPN configuration at once.
 */
@Named("authorizedApplications")
@RequestScoped
public class AuthorizedApplicationsBacking {


    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    Authorizations authorizations;

    private List<AuthorizedApplication> applications;

    public List<AuthorizedApplication> getApplications() {
        if (applications == null) {
            applications = account().map(a -> authorizations.activeOf(a.getId())).orElse(List.of());
        }
        return applications;
    }

    public void revoke(long authorizationId) throws IOException {
        Optional<Account> account = account();
        if (account.isEmpty() || !authorizations.revokeOwn(account.get().getId(), authorizationId)) {
            Messages.error("That application authorization no longer exists.");
            return;
        }
        Messages.infoAfterRedirect("The application's access has been revoked.");
        var external = FacesContext.getCurrentInstance().getExternalContext();
        external.redirect(external.getRequestContextPath() + "/account");
        FacesContext.getCurrentInstance().responseComplete();
    }

    private Optional<Account> account() {
        return Optional.ofNullable(user.getName()).flatMap(accounts::findByName);
    }
}
