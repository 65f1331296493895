package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.tunnelgate.account.boundary.ApiTokens;
import org.tunnelgate.account.entity.ApiToken;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;

/**
 * Admin API tokens in the console ({@code /admin/tokens}): make one (read-only or read-write,
 * optional expiry) — its text is shown on this one answer and never again — list them with when
 * each was last used, revoke one (it fails at once). Audited as {@code api-token.create} /
 * {@code api-token.revoke} with the token's id as target.
 */
@Named
@RequestScoped
public class TokensBacking {

    @Inject
    CurrentUser user;

    @Inject
    ApiTokens tokens;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private String name;
    private String scope = "read";
    private Integer days;
    private String created;
    private List<ApiToken> all;

    public List<ApiToken> getTokens() {
        if (all == null) {
            all = tokens.all();
        }
        return all;
    }

    public String ownerOf(ApiToken token) {
        return tokens.ownerOf(token);
    }

    public void create() {
        try {
            var made = AuditedChange.run(audit::record, user.getName(), "api-token.create", name,
                    c -> String.valueOf(c.apiToken().getId()),
                    () -> tokens.create(user.getName(), name, "write".equals(scope) ? ApiToken.Scope.WRITE : ApiToken.Scope.READ,
                            days == null ? null : Duration.ofDays(days)));
            created = made.token();
            all = null;
            Messages.info("Made the " + made.apiToken().getScope().value() + " token " + made.apiToken().getName()
                    + ". Copy it now: it is not shown again.");
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
        }
    }

    public void revoke(long tokenId) throws IOException {
        try {
            AuditedChange.run(audit::record, user.getName(), "api-token.revoke", String.valueOf(tokenId), () -> {
                if (!tokens.revoke(tokenId)) {
                    throw org.tunnelgate.account.AccountRefused.notFound("There is no token " + tokenId + ".");
                }
                return null;
            });
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Revoked token " + tokenId + ".");
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + "/admin/tokens");
        faces.responseComplete();
    }

    /** The text of the token just made (only on the answer to its creation). */
    public String getCreated() {
        return created;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }
}
