package org.tunnelgate.oauth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.tunnelgate.oauth.boundary.AuthorizationRevoked;
import org.tunnelgate.peer.boundary.Configurations;

/**
 * When an app's authorization goes, so does the VPN configuration issued under it: its WireGuard
 * address is freed and its node peer removed, exactly as if the app had called {@code /disconnect}.
 */
@ApplicationScoped
public class RevocationCleanup {

    @Inject
    Configurations configurations;

    void onRevoked(@Observes AuthorizationRevoked revoked) {
        configurations.disconnectAuthorization(revoked.authorizationId());
    }
}
