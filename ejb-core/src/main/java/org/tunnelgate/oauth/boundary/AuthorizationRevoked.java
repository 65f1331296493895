package org.tunnelgate.oauth.boundary;

/**
 * Fired (synchronously, inside the revoking transaction) just before an authorization disappears, so
 * that whatever was issued under it — VPN configurations — goes with it.
 */
public record AuthorizationRevoked(long authorizationId, long accountId, String reason) {}
