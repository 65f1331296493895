package org.tunnelgate.node.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a profile's WireGuard interface on a node: {@code wg-<profile id>} when that fits
 * Linux's 15 characters, else {@code wg-} and 12 hex digits of the id's SHA-256 — the same on every
 * node and every controller instance, so nothing has to be stored to find it again.
 */
public final class WireGuardInterfaces {

    private static final int MAX_NAME = 15;

    private WireGuardInterfaces() {}

    public static String nameFor(String profileId) {
        String plain = "wg-" + profileId;
        if (plain.length() <= MAX_NAME && profileId.matches("[a-z0-9-]+")) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(profileId.getBytes(StandardCharsets.UTF_8));
            return "wg-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
