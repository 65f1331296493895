package org.tunnelgate.oauth.entity;

import java.util.regex.Pattern;

/**
 * Redirect URI matching as the apps expect it: exact string equality, except for the two loopback
 * templates with a {@code {PORT}} placeholder. Desktop apps listen on a port the OS hands them, so
 * those templates match any port 1–65535 — and nothing else: no other host, path, query or fragment.
 */
public final class RedirectUris {

    public static final String LOOPBACK_V4 = "http://127.0.0.1:{PORT}/callback";
    public static final String LOOPBACK_V6 = "http://[::1]:{PORT}/callback";

    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private RedirectUris() {}

    public static boolean matches(String registered, String presented) {
        if (registered == null || presented == null) {
            return false;
        }
        int placeholder = registered.indexOf("{PORT}");
        if (placeholder < 0) {
            return registered.equals(presented);
        }
        String prefix = registered.substring(0, placeholder);
        String suffix = registered.substring(placeholder + "{PORT}".length());
        if (!presented.startsWith(prefix) || !presented.endsWith(suffix)
                || presented.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        String port = presented.substring(prefix.length(), presented.length() - suffix.length());
        return PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535;
    }
}
