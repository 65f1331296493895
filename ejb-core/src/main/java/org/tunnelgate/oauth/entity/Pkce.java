package org.tunnelgate.oauth.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: the app proves that it is the one that started
 * the authorization by presenting the verifier whose SHA-256 it sent as the challenge. {@code plain}
 * is refused because it proves nothing to someone who saw the authorize URL.
 */
public final class Pkce {

    public static final String METHOD_S256 = "S256";

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {}

    public static boolean isWellFormedChallenge(String challenge) {
        return challenge != null && Hashes.BASE64URL_32_BYTES.matcher(challenge).matches();
    }

    public static boolean isWellFormedVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    public static String challengeOf(String verifier) {
        byte[] digest = Hashes.sha256(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    public static boolean verifies(String verifier, String challenge) {
        if (!isWellFormedVerifier(verifier) || !isWellFormedChallenge(challenge)) {
            return false;
        }
        return MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
