package org.tunnelgate.oauth.boundary;

import java.time.Instant;
import org.tunnelgate.account.entity.Account;

/**
 * Who is calling the VPN-app API with a valid access token: the authorization (one per approved app),
 * its enabled account, and until when the authorization lasts.
 */
public record ApiGrant(long authorizationId, Account account, String clientId, Instant authorizationExpiresAt) {}
