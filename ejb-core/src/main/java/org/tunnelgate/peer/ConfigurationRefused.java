package org.tunnelgate.peer;

import org.tunnelgate.platform.BusinessException;

/** A configuration request refused: a disabled account, a malformed key, no such configuration. */
public class ConfigurationRefused extends BusinessException {

    private ConfigurationRefused(Kind kind, String message) {
        super(kind, message);
    }

    public static ConfigurationRefused invalid(String message) {
        return new ConfigurationRefused(Kind.INVALID_INPUT, message);
    }

    public static ConfigurationRefused forbidden(String message) {
        return new ConfigurationRefused(Kind.FORBIDDEN, message);
    }

    public static ConfigurationRefused notFound(String message) {
        return new ConfigurationRefused(Kind.NOT_FOUND, message);
    }
}
