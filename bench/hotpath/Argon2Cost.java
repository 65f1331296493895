import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * What one password check costs at the parameters Tunnelgate hashes with (Argon2id m=19456 KiB, t=2,
 * p=1: OWASP's first recommendation; PasswordHasher), in Bouncy Castle's Java implementation as the
 * controller runs it, on one thread: CPU time per hash (the thread's own, so other load on the machine
 * does not count) and wall time, after a warm-up. From that: the cores 100 logins/s need for the hash
 * alone (the rest of a login, Faces and the session, is what bench/hotpath's login line adds).
 *
 *   java -cp ~/.m2/repository/org/bouncycastle/bcprov-jdk18on/<v>/bcprov-jdk18on-<v>.jar bench/hotpath/Argon2Cost.java [-Dhashes=40]
 */
public class Argon2Cost {

    public static void main(String[] args) {
        int memory = Integer.getInteger("m", 19_456);
        int iterations = Integer.getInteger("t", 2);
        int hashes = Integer.getInteger("hashes", 40);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            hash(password, salt, memory, iterations);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < hashes; i++) {
            hash(password, salt, memory, iterations);
        }
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / hashes;
        double wallMs = (System.nanoTime() - wall0) / 1e6 / hashes;
        System.out.printf("Argon2id m=%d KiB, t=%d, p=1: %.1f ms CPU (%.1f ms wall) per hash over %d hashes;"
                + " 100 logins/s need %.1f cores for the hash alone%n", memory, iterations, cpuMs, wallMs, hashes, cpuMs / 10);
    }

    static byte[] hash(byte[] password, byte[] salt, int memory, int iterations) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory).withIterations(iterations).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(password, out);
        return out;
    }
}
