package org.tunnelgate.portal.oauth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.portal.http.PortalAddress;
import org.tunnelgate.platform.ConflictRetry;

/**
 * The consent page ({@code /oauth/consent}): names the app asking for access and takes the person's
 * answer. Approve sends the browser back to the app with a one-time code; deny with
 * {@code error=access_denied}. Both carry the {@code state} and our {@code iss}.
 */
@Named("consent")
@RequestScoped
public class ConsentPage {

    @Inject
    HttpServletRequest request;

    @Inject
    Accounts accounts;

    @Inject
    Authorizations authorizations;

    @Inject
    PortalAddress address;

    private Optional<AuthorizationRequest> pending() {
        return PendingConsents.peek(request.getSession(false), getRequestKey());
    }

    public String getRequestKey() {
        return request.getParameter("request");
    }

    public String getClientName() {
        return pending().map(AuthorizationRequest::clientName).orElse("");
    }

    public String getClientId() {
        return pending().map(AuthorizationRequest::clientId).orElse("");
    }

    public String getRedirectUri() {
        return pending().map(AuthorizationRequest::redirectUri).orElse("");
    }

    public String getAccountName() {
        return request.getRemoteUser();
    }

    public void approve() {
        answer(true);
    }

    public void deny() {
        answer(false);
    }

    private void answer(boolean approved) {
        FacesContext faces = FacesContext.getCurrentInstance();
        Optional<AuthorizationRequest> taken = PendingConsents.take(request.getSession(false), getRequestKey());
        Optional<Account> account = Optional.ofNullable(request.getRemoteUser())
                .flatMap(accounts::findByName).filter(Account::isEnabled);
        if (taken.isEmpty() || account.isEmpty()) {
            faces.getExternalContext().setResponseStatus(400);
            faces.addMessage(null, new jakarta.faces.application.FacesMessage(
                    jakarta.faces.application.FacesMessage.SEVERITY_ERROR,
                    "This authorization request was already answered.", null));
            return;
        }
        AuthorizationRequest answered = taken.get();
        String issuer = address.issuer(request);
        String location = approved
                ? answered.approvedRedirect(ConflictRetry.call(() -> authorizations.issueCode(account.get().getId(),
                        answered.clientId(), answered.redirectUri(), answered.codeChallenge())), issuer)
                : answered.deniedRedirect(issuer);
        // Not ExternalContext#redirect: app redirect URIs use custom schemes (org.eduvpn.app:/…), which
        // a container may mistake for relative paths.
        ExternalContext external = faces.getExternalContext();
        external.setResponseStatus(302);
        external.setResponseHeader("Location", location);
        external.setResponseHeader("Cache-Control", "no-store");
        faces.responseComplete();
    }
}
