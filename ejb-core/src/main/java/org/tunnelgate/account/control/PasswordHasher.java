package org.tunnelgate.account.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (OWASP's minimum parameters).
 *
 * <p>Verification reads the parameters from the stored string, so hashes made with other
 * parameters keep working and {@link #needsRehash} tells when to upgrade them. Each hash takes
 * 19 MiB of memory; a semaphore sized to the cores keeps a burst of logins from exhausting the
 * heap. Plain Java so the account CLI uses exactly the same code outside the server.
 */
@ApplicationScoped
public class PasswordHasher {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,88})\\$([A-Za-z0-9+/]{16,88})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore permits = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final String dummyHash = hash("not a real password, only spends the time a real check would");

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code storedHash}; false for any malformed hash. */
    public boolean verify(String password, String storedHash) {
        Matcher m = storedHash == null ? null : PHC.matcher(storedHash);
        if (password == null || m == null || !m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memory < 8 * parallelism || memory > 1 << 20 || iterations < 1 || parallelism < 1) {
            return false;
        }
        byte[] salt = B64_DECODE.decode(m.group(4));
        byte[] expected = B64_DECODE.decode(m.group(5));
        byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Spends the same time as a real verification, for names that have no account: a caller
     * must not learn from the response time whether a name exists.
     */
    public void verifyNothing(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** True when a stored hash was made with weaker parameters than today's. */
    public boolean needsRehash(String storedHash) {
        Matcher m = PHC.matcher(storedHash);
        return !m.matches()
                || Integer.parseInt(m.group(1)) < MEMORY_KIB
                || Integer.parseInt(m.group(2)) < ITERATIONS;
    }

    private byte[] argon2(String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        permits.acquireUninterruptibly();
        try {
            generator.generateBytes(secret, out);
        } finally {
            permits.release();
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }
}
