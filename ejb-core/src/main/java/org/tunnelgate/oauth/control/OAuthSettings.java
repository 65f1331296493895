package org.tunnelgate.oauth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lifetimes of what the authorization server hands out, from MicroProfile Config (system properties
 * of the domain or environment). The defaults are the eduVPN ones.
 */
@ApplicationScoped
public class OAuthSettings {

    @Inject
    @ConfigProperty(name = "tunnelgate.session-expiry", defaultValue = "P90D")
    Duration sessionExpiry;

    @Inject
    @ConfigProperty(name = "tunnelgate.oauth.access-token-lifetime", defaultValue = "PT1H")
    Duration accessTokenLifetime;

    @Inject
    @ConfigProperty(name = "tunnelgate.oauth.code-lifetime", defaultValue = "PT5M")
    Duration codeLifetime;

    /** How long one approval lasts: the authorization and every configuration fetched under it. */
    public Duration sessionExpiry() {
        return sessionExpiry;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Duration codeLifetime() {
        return codeLifetime;
    }
}
