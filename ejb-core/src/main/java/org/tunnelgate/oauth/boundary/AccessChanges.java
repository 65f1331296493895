package org.tunnelgate.oauth.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.tunnelgate.account.boundary.AccountDisabled;
import org.tunnelgate.account.boundary.PasswordChanged;

/**
 * Ends the apps' access when the account's changes: a disabled account and a changed password
 * revoke every app authorization with its access and refresh tokens, in the changing transaction
 * (so enabling the account again revives none of them, and an app holding a token obtained with
 * the old password must authorize again). Each revocation fires {@link AuthorizationRevoked}, on
 * which the app's configuration goes too.
 */
@ApplicationScoped
public class AccessChanges {

    @Inject
    Authorizations authorizations;

    void onDisabled(@Observes AccountDisabled disabled) {
        authorizations.revokeAllOf(disabled.accountId(), "account disabled");
    }

    void onPasswordChanged(@Observes PasswordChanged changed) {
        authorizations.revokeAllOf(changed.accountId(), "password changed");
    }
}
