package org.tunnelgate.oauth.boundary;

import java.time.Instant;

/** Who is calling the VPN-app API with a valid access token, and until when their authorization lasts. */
public record ApiGrant(long authorizationId, long accountId, String clientId, Instant authorizationExpiresAt) {}
