package org.tunnelgate.oauth.boundary;

import java.time.Instant;

/**
 * Who is calling the VPN-app API with a valid access token: the authorization (one per approved app),
 * its account (enabled when the token was checked: name and whether it is an administrator, what
 * profile permissions look at), and until when the authorization lasts.
 */
public record ApiGrant(long authorizationId, long accountId, String accountName, boolean admin, String clientId,
                       Instant authorizationExpiresAt) {}
