package org.tunnelgate.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The running Tunnelgate the system tests talk to: a real Payara Server with the real EAR and a
 * real MariaDB, started by {@code system-tests/harness.sh} (Maven's pre-integration-test phase)
 * through {@code ./tunnelgate start}.
 *
 * <p>Everything comes from {@code $TUNNELGATE_HOME/tunnelgate.properties}, which the launcher
 * writes once the system is ready; the home is the system property {@code tunnelgate.home}
 * (set by failsafe) or the environment variable {@code TUNNELGATE_HOME}. When it is missing the
 * tests fail with a message saying how to start the system: a system test is never skipped.
 */
public final class SystemUnderTest {

    private static final Duration LAUNCHER_TIMEOUT = Duration.ofMinutes(10);
    private static volatile SystemUnderTest instance;

    private final Path home;
    private final Properties properties;
    private final SSLContext sslContext;

    private SystemUnderTest(Path home, Properties properties) {
        this.home = home;
        this.properties = properties;
        this.sslContext = trusting(caFile());
    }

    /** The system started for this test run. */
    public static SystemUnderTest get() {
        SystemUnderTest current = instance;
        if (current == null) {
            synchronized (SystemUnderTest.class) {
                current = instance;
                if (current == null) {
                    current = load(locateHome());
                    instance = current;
                }
            }
        }
        return current;
    }

    private static Path locateHome() {
        String configured = System.getProperty("tunnelgate.home", System.getenv("TUNNELGATE_HOME"));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("No system under test: set -Dtunnelgate.home (failsafe does) or "
                    + "TUNNELGATE_HOME to the home of a system started with ./tunnelgate start");
        }
        return Path.of(configured).toAbsolutePath();
    }

    static SystemUnderTest load(Path home) {
        Path file = home.resolve("tunnelgate.properties");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(file + " does not exist: the system under test was not started "
                    + "(run the tests with mvn verify, or start it with system-tests/harness.sh start)");
        }
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new SystemUnderTest(home, properties);
    }

    /**
     * {@code https://localhost:<port>} + path, e.g. {@code httpsUrl("/login")}: where every page and
     * API is. The certificate chains to {@link #caFile()}; {@link #httpClient()} trusts it.
     */
    public URI httpsUrl(String path) {
        return URI.create(require("https.url") + absolute(path));
    }

    /**
     * {@code http://localhost:<port>} + path: plain HTTP, which only redirects to HTTPS (and serves
     * the health checks). Only for tests of exactly that.
     */
    public URI plainHttpUrl(String path) {
        return URI.create(require("http.url") + absolute(path));
    }

    /** The local CA that issued the HTTPS listener's certificate (PEM). */
    public Path caFile() {
        return Path.of(require("ca.file"));
    }

    /**
     * The Chromium switch that makes a browser trust exactly this system's CA: the base64 SHA-256
     * of the CA's public key ({@code --ignore-certificate-errors-spki-list}, honoured together with
     * {@code --user-data-dir}) — no system trust store is touched.
     */
    public String chromiumTrustArgument() {
        try (InputStream in = Files.newInputStream(caFile())) {
            var ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = ca.getPublicKey().getEncoded();
            return "--ignore-certificate-errors-spki-list="
                    + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + caFile(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the CA certificate " + caFile(), e);
        }
    }

    /** Trusts exactly {@link #caFile()}; for java.net.http, Selenium-free TLS checks and the like. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * A new client that trusts the system's CA, keeps cookies in its own cookie handler when the
     * caller sets one, and does not follow redirects (tests usually assert them).
     */
    public HttpClient.Builder httpClientBuilder() {
        return HttpClient.newBuilder()
                .sslContext(sslContext)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** {@link #httpClientBuilder()} built as is. */
    public HttpClient httpClient() {
        return httpClientBuilder().build();
    }

    public String adminUser() {
        return require("admin.user");
    }

    /**
     * The first admin's password. The launcher never writes it down; Maven hands the value it gave
     * the harness to the tests (system property {@code tunnelgate.admin.password}, see the POM).
     */
    public String adminPassword() {
        String password = System.getProperty("tunnelgate.admin.password", System.getenv("TUNNELGATE_ADMIN_PASSWORD"));
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("The admin password is unknown: set -Dtunnelgate.admin.password (failsafe does) "
                    + "or TUNNELGATE_ADMIN_PASSWORD to the TUNNELGATE_ADMIN_PASSWORD the system was started with");
        }
        return password;
    }

    /** The operating-system user Payara and the embedded MariaDB run as. */
    public String runUser() {
        return require("run.user");
    }

    /** Payara's process id, from its pid file. */
    public long payaraPid() {
        return pidFrom("payara.pid.file");
    }

    /** The embedded MariaDB's process id, from its pid file. */
    public long databasePid() {
        return pidFrom("db.pid.file");
    }

    /** Where the launcher keeps Payara's admin password (asadmin's format: {@code AS_ADMIN_PASSWORD=…}). */
    public Path payaraAdminPasswordFile() {
        return Path.of(require("payara.admin.password.file"));
    }

    /** Payara's admin port (console, asadmin, admin REST; loopback only). */
    public int adminPort() {
        return Integer.parseInt(require("admin.port"));
    }

    /** Payara's JMX connector port (loopback only). */
    public int jmxPort() {
        return Integer.parseInt(require("jmx.port"));
    }

    /** The port of the plain HTTP listener. */
    public int plainHttpPort() {
        return Integer.parseInt(require("http.port"));
    }

    /** The port of the HTTPS listener. */
    public int httpsPort() {
        return Integer.parseInt(require("https.port"));
    }

    /** The base of Payara's other ports (JMS would be the base itself). */
    public int portBase() {
        return Integer.parseInt(require("port.base"));
    }

    /** Whether ./tunnelgate start enrolled and runs its local VPN node (harness.sh: always as root). */
    public boolean hasLocalNode() {
        return "yes".equals(properties.getProperty("local.node", "no"));
    }

    /** The network namespace of the local node's data plane (harness.sh makes it: tg<B>-node). */
    public String localNodeNetns() {
        return require("local.node.netns");
    }

    /** The local node's agent API port (on 127.0.0.1). */
    public int localNodePort() {
        return Integer.parseInt(require("local.node.port"));
    }

    /** The pid of the local node's agent, from the launcher's state. */
    public long localNodeAgentPid() {
        try {
            return Long.parseLong(Files.readString(home().resolve("state/agent.pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no agent pid in " + home().resolve("state/agent.pid"), e);
        }
    }

    /** What VPN clients connect to (TUNNELGATE_PUBLIC_HOST). */
    public String publicHost() {
        return require("public.host");
    }

    /** The node agents' listener (TUNNELGATE_NODE_PORT), once node management opens it. */
    public OptionalInt nodePort() {
        String port = properties.getProperty("node.port", "");
        return port.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port));
    }

    public String jdbcUrl() {
        return require("jdbc.url");
    }

    public String jdbcUser() {
        return require("jdbc.user");
    }

    public String jdbcPassword() {
        return require("jdbc.password");
    }

    /** The launcher that started this system ({@code ./tunnelgate} of the same checkout). */
    public Path launcherPath() {
        return Path.of(require("launcher"));
    }

    /** The state directory of this system (Payara, database, certificates, secrets). */
    public Path home() {
        return home;
    }

    /** Payara's server.log, worth quoting in assertion messages. */
    public Path serverLog() {
        return Path.of(require("server.log"));
    }

    /**
     * Runs {@code ./tunnelgate args...} against this system (same home, same ports), e.g.
     * {@code launcher("user", "add", "alice", "--password", "…")}.
     */
    public LauncherResult launcher(String... args) {
        return launcher(Map.of(), args);
    }

    /** {@link #launcher(String...)} with more environment variables, e.g. {@code MAVEN_REPO_LOCAL}. */
    public LauncherResult launcher(Map<String, String> extraEnvironment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require("launcher"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TUNNELGATE_"));
        env.putAll(extraEnvironment);
        env.put("TUNNELGATE_HOME", home.toString());
        env.put("TUNNELGATE_HTTP_PORT", require("http.port"));
        env.put("TUNNELGATE_HTTPS_PORT", require("https.port"));
        env.put("TUNNELGATE_ADMIN_PORT", require("admin.port"));
        env.put("TUNNELGATE_PORT_BASE", require("port.base"));
        env.put("TUNNELGATE_DB_PORT", require("db.port"));
        // the harness's node listener, not the launcher's default 8443 on every interface
        env.put("TUNNELGATE_NODE_PORT", nodePort().isPresent() ? String.valueOf(nodePort().getAsInt()) : "off");
        // a start without it would mean "no proxy is trusted", and reconfigure the server
        env.put("TUNNELGATE_TRUSTED_PROXIES", properties.getProperty("trusted.proxies", ""));
        env.put("TUNNELGATE_BUILD", "never");
        env.put("TUNNELGATE_ENV_FILE", "/dev/null");
        // the same local node as the harness's start: in its namespace, never on this machine's own network
        if (hasLocalNode()) {
            env.put("TUNNELGATE_LOCAL_NODE", "yes");
            env.put("TUNNELGATE_LOCAL_NODE_NETNS", localNodeNetns());
            env.put("TUNNELGATE_LOCAL_NODE_PORT", String.valueOf(localNodePort()));
            env.put("TUNNELGATE_PUBLIC_HOST", publicHost());
        } else {
            env.put("TUNNELGATE_LOCAL_NODE", "no");
        }
        env.putAll(extraEnvironment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // the output is small; read it to the end, then the exit code is there
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(LAUNCHER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./tunnelgate " + String.join(" ", args) + " did not finish in "
                        + LAUNCHER_TIMEOUT + "; output so far:\n" + output);
            }
            return new LauncherResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** What a launcher command printed (stdout and stderr together) and how it exited. */
    public record LauncherResult(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private long pidFrom(String fileKey) {
        Path file = Path.of(require(fileKey));
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid file " + file, e);
        }
    }

    private String require(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("'" + key + "' is missing from " + home.resolve("tunnelgate.properties"));
        }
        return value;
    }

    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            var ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            var trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry("tunnelgate-local-ca", ca);
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + caFile, e);
        }
    }
}
