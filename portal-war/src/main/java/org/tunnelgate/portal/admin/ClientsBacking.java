package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.oauth.boundary.Authorizations;
import org.tunnelgate.oauth.boundary.OAuthClients;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;

/**
 * OAuth clients in the console ({@code /admin/clients}): the built-in eduVPN / Let's Connect! apps
 * (shown, never removable) and the apps an operator registers — the same boundary and audit
 * actions as {@code /api/admin/clients}. Removing an app revokes every authorization it holds.
 */
@Named
@RequestScoped
public class ClientsBacking {

    @Inject
    CurrentUser user;

    @Inject
    OAuthClients clients;

    @Inject
    Authorizations authorizations;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private String clientId;
    private String displayName;
    private String redirectUris;
    private String secret;

    public List<OAuthClient> getClients() {
        List<OAuthClient> all = new ArrayList<>(clients.builtIn());
        all.addAll(clients.registered());
        return all;
    }

    public void register() throws IOException {
        List<String> uris = ProfileForm.list(redirectUris);
        String secretOrNull = secret == null || secret.isEmpty() ? null : secret;
        try {
            AuditedChange.run(audit::record, user.getName(), "oauth-client.register", clientId, OAuthClient::id,
                    () -> clients.register(clientId, displayName, uris, secretOrNull));
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Registered " + clientId + "."
                + (secretOrNull == null ? "" : " The secret is stored hashed and is not shown again."));
        redirect();
    }

    public void remove(String id) throws IOException {
        if (clients.isBuiltIn(id)) {
            audit.record(user.getName(), "oauth-client.unregister", id, "refused: built-in clients cannot be removed");
            Messages.error("Built-in clients cannot be removed.");
            return;
        }
        if (!clients.unregister(id)) {
            Messages.error("There is no client " + id + ".");
            return;
        }
        int revoked = authorizations.revokeAllOfClient(id);
        audit.record(user.getName(), "oauth-client.unregister", id, "done; " + revoked + " authorizations revoked");
        Messages.infoAfterRedirect("Removed " + id + "; " + revoked + " authorizations revoked.");
        redirect();
    }

    private void redirect() throws IOException {
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/clients");
        faces.responseComplete();
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getRedirectUris() {
        return redirectUris;
    }

    public void setRedirectUris(String redirectUris) {
        this.redirectUris = redirectUris;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }
}
