package org.tunnelgate.oauth.control;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.tunnelgate.oauth.entity.Hashes;

/**
 * Codes and tokens are 32 random bytes, base64url without padding: opaque to the apps, unguessable,
 * and stored only as {@link Hashes#sha256Hex(String) hashes}, so a database dump reveals none of them.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private SecretTokens() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Anything else cannot be one of ours; rejecting it early spares the database. */
    public static boolean hasShape(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    public static String hash(String token) {
        return Hashes.sha256Hex(token);
    }
}
