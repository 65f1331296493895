package org.tunnelgate.systemtest.ha;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HA topology that {@code ./tunnelgate cluster start} built for this test run (its
 * {@code cluster.properties}), and what the test does to it: cut a namespace's link, kill and
 * restart a Galera node, stop and start a Payara instance. Every command runs on this machine,
 * inside namespaces the run created; nothing reaches beyond loopback and those namespaces.
 */
final class Cluster {

    final Properties properties = new Properties();
    private final Path repository = Path.of("..").toAbsolutePath().normalize();
    private final SSLContext ssl;

    Cluster() {
        Path file = Path.of(System.getProperty("tunnelgate.ha.properties", "target/ha-home/cluster/cluster.properties"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": the HA harness (./tunnelgate cluster start) did not run;"
                    + " run with -Pha, which starts it");
        }
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ssl = trusting(Path.of(require("ca.file")));
    }

    String require(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " missing in cluster.properties");
        }
        return value;
    }

    URI vip(String path) {
        return URI.create(require("vip.url") + path);
    }

    URI instance(String name, String path) {
        return URI.create(require("instance." + name + ".https.url") + path);
    }

    HttpClient.Builder http() {
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(require("jdbc.url"), require("jdbc.user"), require("jdbc.password"));
    }

    private String ns(String name) {
        return require("namespace.prefix") + "-" + name;
    }

    /** ka1 or ka2: the namespace whose keepalived holds the virtual IP now. */
    Optional<String> vipHolder() {
        for (String ka : List.of("ka1", "ka2")) {
            if (run("ip", "-n", ns(ka), "-o", "addr", "show").contains(" " + require("vip.address") + "/")) {
                return Optional.of(ka);
            }
        }
        return Optional.empty();
    }

    /** The namespace's machine loses its network: its port on the bridge goes down (no polite stop). */
    void cutLink(String ka) {
        run("ip", "-n", ns("br"), "link", "set", require("namespace.prefix") + "-b" + ka.substring(2), "down");
    }

    void restoreLink(String ka) {
        run("ip", "-n", ns("br"), "link", "set", require("namespace.prefix") + "-b" + ka.substring(2), "up");
    }

    /** The instance a namespace stands for: ka1 → i1. */
    static String instanceOf(String ka) {
        return "i" + ka.substring(2);
    }

    int galeraPort(int node) {
        return Integer.parseInt(require("galera.ports").split(",")[node - 1]);
    }

    long galeraPid(int node) {
        try {
            return Long.parseLong(Files.readString(Path.of(require("galera.dir"), "n" + node, "run", "mariadbd.pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: the node dies as in a power cut. */
    void killGalera(int node) {
        long pid = galeraPid(node);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).isEmpty(), "Galera node n" + node + " to die");
    }

    /** kill -9 of a Payara instance (i1, i2): it dies as its machine would, leases and all. */
    void killInstance(String name) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(Path.of(require("instance." + name + ".dir"), "config", "pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).isEmpty(), "instance " + name + " to die");
    }

    /** {@code ./tunnelgate cluster drain iK}: the VIP leaves the instance (waited for) while it still serves. */
    String drain(String instance) {
        return launcher("cluster", "drain", instance);
    }

    String undrain(String instance) {
        return launcher("cluster", "undrain", instance);
    }

    /** Brings the cluster back to three nodes the way an operator would: the launcher starts what is missing. */
    String restartMissing() {
        return launcher("cluster", "galera");
    }

    String galeraState(int node) {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + galeraPort(node) + "/tunnelgate",
                require("jdbc.user"), require("jdbc.password"));
                var r = c.createStatement().executeQuery("SHOW STATUS LIKE 'wsrep_local_state_comment'")) {
            return r.next() ? r.getString(2) : "?";
        } catch (SQLException e) {
            return "unreachable";
        }
    }

    /** asadmin against the DAS: stop-instance / start-instance NAME. */
    String asadmin(String... command) {
        List<String> line = new ArrayList<>(List.of(require("asadmin"), "--interactive=false", "--host", "127.0.0.1",
                "--port", require("das.admin.port"), "--user", "admin", "--passwordfile", require("payara.admin.password.file")));
        line.addAll(List.of(command));
        return run(line.toArray(String[]::new));
    }

    /** ./tunnelgate with the settings the cluster was started with. */
    String launcher(String... arguments) {
        List<String> line = new ArrayList<>(List.of(repository.resolve("tunnelgate").toString()));
        line.addAll(List.of(arguments));
        return run(Map.of("TUNNELGATE_HOME", require("home"), "TUNNELGATE_CLUSTER_PORT_BASE", require("cluster.port.base"),
                "TUNNELGATE_CLUSTER_NAME", require("cluster.name"), "TUNNELGATE_CLUSTER_NET", require("cluster.net"),
                "TUNNELGATE_BUILD", "never", "TUNNELGATE_ENV_FILE", "/dev/null"), line.toArray(String[]::new));
    }

    /** This machine's load average (1, 5, 15 min), printed with the figures: they depend on it. */
    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String run(String... command) {
        return run(Map.of(), command);
    }

    static String run(Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process p = builder.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + caFile, e);
        }
    }
}
