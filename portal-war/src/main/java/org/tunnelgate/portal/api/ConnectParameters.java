package org.tunnelgate.portal.api;

import java.util.Map;
import org.tunnelgate.node.entity.WireGuardKey;
import org.tunnelgate.profile.entity.Profile;

/**
 * The validated form parameters of {@code POST /connect}. Anything malformed is a 400 before any
 * state is touched.
 */
public record ConnectParameters(String profileId, String publicKey, boolean preferTcp) {

    /** A parameter is missing or malformed; the message names it. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static ConnectParameters from(Map<String, String> form) throws Invalid {
        String profileId = form.get("profile_id");
        if (profileId == null || profileId.isEmpty()) {
            throw new Invalid("missing parameter \"profile_id\"");
        }
        if (!Profile.ID_PATTERN.matcher(profileId).matches()) {
            throw new Invalid("invalid value for \"profile_id\"");
        }
        String publicKey = form.get("public_key");
        if (publicKey != null && !WireGuardKey.isValid(publicKey)) {
            throw new Invalid("invalid value for \"public_key\"");
        }
        return new ConnectParameters(profileId, publicKey, preferTcp(form));
    }

    /** {@code prefer_tcp=yes|no}, or the older {@code tcp_only=on|off}; the newer one wins when both are sent. */
    private static boolean preferTcp(Map<String, String> form) throws Invalid {
        String preferTcp = form.get("prefer_tcp");
        if (preferTcp != null) {
            return switch (preferTcp) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new Invalid("invalid value for \"prefer_tcp\"");
            };
        }
        String tcpOnly = form.get("tcp_only");
        if (tcpOnly != null) {
            return switch (tcpOnly) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new Invalid("invalid value for \"tcp_only\"");
            };
        }
        return false;
    }
}
