package org.tunnelgate.oauth.control;

import static org.tunnelgate.oauth.entity.RedirectUris.LOOPBACK_V4;
import static org.tunnelgate.oauth.entity.RedirectUris.LOOPBACK_V6;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tunnelgate.oauth.entity.OAuthClient;

/**
 * The official eduVPN and Let's Connect! apps. Their ids and redirect URIs are compiled into the apps,
 * so they are fixed here exactly as the apps send them (both Android schemes: older app versions and
 * the shared client library still use the short one).
 */
public final class BuiltInClients {

    private static final Map<String, OAuthClient> CLIENTS = new LinkedHashMap<>();

    static {
        for (String brand : List.of("eduVPN", "Let's Connect!")) {
            String prefix = brand.equals("eduVPN") ? "org.eduvpn.app" : "org.letsconnect-vpn.app";
            add(prefix + ".windows", brand + " for Windows", LOOPBACK_V4, LOOPBACK_V6);
            add(prefix + ".linux", brand + " for Linux", LOOPBACK_V4, LOOPBACK_V6);
            add(prefix + ".macos", brand + " for macOS", LOOPBACK_V4, LOOPBACK_V6, prefix + ".macos:/api/callback");
            add(prefix + ".android", brand + " for Android", prefix + ":/api/callback", prefix + ".android:/api/callback");
            add(prefix + ".ios", brand + " for iOS", prefix + ".ios:/api/callback");
        }
    }

    private BuiltInClients() {}

    private static void add(String id, String name, String... redirectUris) {
        CLIENTS.put(id, new OAuthClient(id, name, List.of(redirectUris), null, true));
    }

    public static Optional<OAuthClient> find(String clientId) {
        return Optional.ofNullable(CLIENTS.get(clientId));
    }

    public static boolean isBuiltIn(String clientId) {
        return CLIENTS.containsKey(clientId);
    }

    public static List<OAuthClient> all() {
        return List.copyOf(CLIENTS.values());
    }
}
