package org.tunnelgate.agent.enroll;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The {@code enroll} command: the node makes its own key pair, sends a certification request with
 * the one-time token, and writes the certificate, the node CA and its configuration from the
 * answer. Running it again with a new token replaces key and certificate.
 */
public final class Enroll {

    private static final Logger LOG = Logger.getLogger(Enroll.class.getName());

    private Enroll() {}

    /**
     * Enrolls and returns the options (their {@code config()} is ready to start from).
     *
     * @param validate checks the configuration before anything is written (throws InvalidInput)
     * @throws EnrollFailed with a one-line reason; nothing was written then
     */
    public static EnrollOptions run(List<String> args, String agentVersion, Consumer<Properties> validate) {
        var options = EnrollOptions.parse(args);
        var keys = Csr.newKeyPair();
        String csr = Csr.pem(keys, hostName());
        var answer = new EnrollmentClient(options.controllerCa()).enroll(options, csr, agentVersion, keys.getPublic());
        EnrollFiles.write(options, keys, answer, validate);
        LOG.info(() -> "enrolled; node=" + answer.node() + " config=" + options.config());
        return options;
    }

    /**
     * Finishes an enrollment that a crash cut short while it replaced the files next to
     * {@code config}; nothing happens when there is none. The agent calls it before reading its configuration.
     */
    public static void finishInterrupted(Path config) {
        Path dir = config.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            Commit.finish(dir);
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() ? "tunnelgate-node" : name;
        } catch (UnknownHostException e) {
            return "tunnelgate-node";
        }
    }
}
