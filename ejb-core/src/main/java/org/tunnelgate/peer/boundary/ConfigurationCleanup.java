package org.tunnelgate.peer.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.tunnelgate.account.boundary.AccountDisabled;
import org.tunnelgate.account.boundary.RoleChanged;
import org.tunnelgate.profile.boundary.ProfilePermissionsChanged;
import org.tunnelgate.oauth.boundary.AuthorizationRevoked;

/**
 * Ends the VPN configurations whose reason to exist went away in a component below: an app's
 * authorization revoked (its configuration goes, exactly as if the app had called
 * {@code /disconnect}), or an account disabled (everything it has goes — the minute sweep of
 * {@link ConfigurationExpiry} remains the safety net, e.g. for accounts the command-line tool disabled),
 * or a profile's permissions or an account's role changed (what the account may no longer use goes).
 * All of it right after the change commits, not at the next sweep.
 */
@ApplicationScoped
public class ConfigurationCleanup {

    @Inject
    Configurations configurations;

    void onRevoked(@Observes AuthorizationRevoked revoked) {
        configurations.disconnectAuthorization(revoked.authorizationId());
    }

    void onDisabled(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDisabled disabled) {
        configurations.disconnectAccount(disabled.accountId());
    }

    void onPermissionsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProfilePermissionsChanged changed) {
        configurations.removeNoLongerPermitted(changed.profileId());
    }

    void onRoleChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoleChanged changed) {
        configurations.removeNoLongerPermittedOf(changed.accountId());
    }
}
