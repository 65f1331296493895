package org.tunnelgate.oauth.control;

import java.security.SecureRandom;
import java.util.Base64;
import org.tunnelgate.oauth.entity.Hashes;

/**
 * Codes and tokens are 32 random bytes, base64url without padding: opaque to the apps, unguessable,
 * and stored only as {@link Hashes#sha256Hex(String) hashes}, so a database dump reveals none of them.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Anything else cannot be one of ours; rejecting it early spares the database. */
    public static boolean hasShape(String token) {
        return token != null && Hashes.BASE64URL_32_BYTES.matcher(token).matches();
    }

    public static String hash(String token) {
        return Hashes.sha256Hex(token);
    }
}
