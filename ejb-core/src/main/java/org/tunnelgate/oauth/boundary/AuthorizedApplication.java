package org.tunnelgate.oauth.boundary;

import java.time.Instant;

/** One line of a person's "Authorized applications" list. */
public record AuthorizedApplication(long authorizationId, String clientId, String clientName, Instant authorizedAt,
                                    Instant expiresAt) {}
