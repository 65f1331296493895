package org.tunnelgate.oauth.control;

import java.time.Duration;

/** OAuth lifetimes for tests, as MicroProfile Config would inject them (the eduVPN defaults). */
public final class TestOAuthSettings {

    private TestOAuthSettings() {}

    public static OAuthSettings defaults() {
        OAuthSettings settings = new OAuthSettings();
        settings.sessionExpiry = Duration.ofDays(90);
        settings.accessTokenLifetime = Duration.ofHours(1);
        settings.codeLifetime = Duration.ofMinutes(5);
        return settings;
    }
}
