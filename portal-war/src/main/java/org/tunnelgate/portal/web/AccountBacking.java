package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Objects;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.boundary.Logins;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.platform.ConflictRetry;
import org.tunnelgate.portal.security.ClientAddress;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.security.PortalAuthenticationMechanism;

/** The account page: who you are, and changing your password. */
@Named
@RequestScoped
public class AccountBacking {

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    Logins logins;

    @Inject
    FacesContext faces;

    @Inject
    ClientAddress clientAddress;

    private Account account;
    private String currentPassword;
    private String newPassword;
    private String repeatedPassword;

    public Account getAccount() {
        if (account == null) {
            account = ConflictRetry.read(() -> accounts.findByName(user.getName())).orElse(null);
        }
        return account;
    }

    public void changePassword() throws IOException {
        if (!Objects.equals(newPassword, repeatedPassword)) {
            Messages.error("The new password and its repetition differ.");
            return;
        }
        try {
            var request = (HttpServletRequest) faces.getExternalContext().getRequest();
            long epoch = logins.changePassword(user.getName(), currentPassword, newPassword, clientAddress.of(request));
            PortalAuthenticationMechanism.keepSession(request, epoch); // every other session has ended
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Your password has been changed.");
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/account");
        faces.responseComplete();
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getRepeatedPassword() {
        return repeatedPassword;
    }

    public void setRepeatedPassword(String repeatedPassword) {
        this.repeatedPassword = repeatedPassword;
    }
}
