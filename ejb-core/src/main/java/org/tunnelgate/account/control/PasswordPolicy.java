package org.tunnelgate.account.control;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The minimum a password must meet. Long passphrases are welcome; the upper bound only keeps a
 * single request from making the server hash megabytes.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordPolicy() {}

    /** Why {@code password} is not acceptable for {@code accountName}, or empty when it is. */
    public static Optional<String> violation(String accountName, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("The password must have at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("The password must have at most " + MAX_LENGTH + " characters.");
        }
        if (password.isBlank() || password.equalsIgnoreCase(accountName)) {
            return Optional.of("The password must not be blank or the account name.");
        }
        return Optional.empty();
    }

    /** A random password for accounts created without one (printed once, never stored). */
    public static String generate() {
        var password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
