package org.tunnelgate.oauth.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256, the one digest we store instead of codes and tokens. */
public final class Hashes {

    /** 32 bytes (a SHA-256 digest or a random token) in base64url without padding: always 43 characters. */
    public static final Pattern BASE64URL_32_BYTES = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Hashes() {}

    public static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String sha256Hex(String input) {
        return HexFormat.of().formatHex(sha256(input.getBytes(StandardCharsets.UTF_8)));
    }
}
