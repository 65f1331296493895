package org.tunnelgate.node.entity;

import java.util.regex.Pattern;

/**
 * The textual form of a WireGuard (Curve25519) key: 32 bytes in standard base64, 44 characters
 * ending in {@code =}. The last data character carries only 2 significant bits of the 32nd byte
 * plus 4 zero padding bits, so it can only be one of {@code AEIMQUYcgkosw048} — the same check the
 * eduVPN server applies to an app's {@code public_key}.
 */
public final class WireGuardKey {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");

    private WireGuardKey() {}

    public static boolean isValid(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }
}
