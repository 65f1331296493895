package org.tunnelgate.agent.enroll;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.system.SecretFile;
import org.tunnelgate.agent.tls.Tls;

/**
 * Writes what an enrollment produced next to the configuration file: {@code agent.key} (PKCS#8,
 * 0600), {@code agent.crt}, {@code controller-ca.crt} (who may call the agent),
 * {@code controller-trust.crt} (a copy of {@code --controller-ca}: what the controller's HTTPS
 * certificate chains to) and the configuration itself. Everything is staged under temporary names
 * and checked (the configuration parses, key and certificate belong together) before anything is
 * replaced, and then replaced as one ({@link Commit}), so an agent never starts from half an enrollment.
 * Settings of an existing configuration that enrollment does not decide are kept.
 */
final class EnrollFiles {

    static final String KEY = "agent.key";
    static final String CERTIFICATE = "agent.crt";
    static final String CALLERS_CA = "controller-ca.crt";
    static final String CONTROLLER_TRUST = "controller-trust.crt";

    private EnrollFiles() {}

    static void write(EnrollOptions options, KeyPair keys, Enrollment answer, Consumer<Properties> validate) {
        Path config = options.config();
        Path dir = config.getParent();
        var staged = new LinkedHashMap<Path, Path>(); // target -> staged copy, in commit order
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Commit.finish(dir); // an earlier enrollment cut short: its files first, then ours over them
            Properties settings = existing(config);
            settings.setProperty("listen", answer.listen());
            settings.setProperty("tls.certificate", dir.resolve(CERTIFICATE).toString());
            settings.setProperty("tls.key", dir.resolve(KEY).toString());
            settings.setProperty("tls.controller-ca", dir.resolve(CALLERS_CA).toString());
            settings.setProperty("tls.allowed-clients", String.join(", ", answer.controllerClientNames()));
            settings.setProperty("controller.urls", String.join(", ", answer.controllerUrls().stream().map(Object::toString).toList()));
            settings.setProperty("controller.trust-ca", options.controllerCa().isPresent() ? dir.resolve(CONTROLLER_TRUST).toString() : "");
            options.stateDir().ifPresent(s -> settings.setProperty("state.dir", s));
            options.netns().ifPresent(ns -> settings.setProperty("netns", ns));
            validate.accept(settings);

            staged.put(dir.resolve(CALLERS_CA), SecretFile.stage(dir.resolve(CALLERS_CA), answer.caPem()));
            if (options.controllerCa().isPresent()) {
                staged.put(dir.resolve(CONTROLLER_TRUST),
                        SecretFile.stage(dir.resolve(CONTROLLER_TRUST), Files.readString(options.controllerCa().get())));
            }
            staged.put(dir.resolve(CERTIFICATE), SecretFile.stage(dir.resolve(CERTIFICATE), answer.certificatePem()));
            staged.put(dir.resolve(KEY), SecretFile.stage(dir.resolve(KEY), Csr.pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
            staged.put(config, SecretFile.stage(config, text(settings, answer.node())));
            // the agent's own check at start, done now while nothing has been replaced yet
            Tls.context(staged.get(dir.resolve(CERTIFICATE)), staged.get(dir.resolve(KEY)), staged.get(dir.resolve(CALLERS_CA)));
        } catch (IOException | UncheckedIOException | InvalidInput e) {
            staged.values().forEach(EnrollFiles::deleteQuietly);
            throw new EnrollFailed("nothing written: " + e.getMessage());
        }
        // without --controller-ca, a controller-trust.crt of an earlier enrollment is obsolete
        Commit.run(dir, staged, options.controllerCa().isEmpty() ? List.of(dir.resolve(CONTROLLER_TRUST)) : List.of());
    }

    private static Properties existing(Path config) throws IOException {
        var p = new Properties();
        if (Files.exists(config)) {
            try (Reader in = Files.newBufferedReader(config)) {
                p.load(in);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("cannot read the existing " + config + ": " + e.getMessage());
            }
        }
        return p;
    }

    /** A properties file a person can read: the enrollment's keys first, then the ones kept. */
    static String text(Properties settings, String node) {
        var order = new ArrayList<>(List.of("listen", "tls.certificate", "tls.key", "tls.controller-ca",
                "tls.allowed-clients", "controller.urls", "controller.trust-ca", "state.dir", "netns"));
        var rest = new TreeSet<>(settings.stringPropertyNames());
        rest.removeAll(order);
        order.addAll(rest);
        var out = new StringBuilder("# Tunnelgate node agent, written by `enroll` for node ").append(node.replaceAll("\\s", "_"))
                .append(".\n# Enrolling again rewrites the first seven keys; other settings are kept. See config/agent/agent.properties.\n");
        for (String key : order) {
            String value = settings.getProperty(key);
            if (value != null) out.append(key).append(" = ").append(escape(value)).append('\n');
        }
        return out.toString();
    }

    private static String escape(String value) {
        if (value.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            throw new InvalidInput("a configuration value may not contain a line break");
        }
        return value.replace("\\", "\\\\");
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temporary file is harmless; the next enrollment replaces it
        }
    }

}
