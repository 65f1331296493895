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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** {@code http://localhost:<port>} + path, e.g. {@code httpUrl("/health/ready")}. */
    public URI httpUrl(String path) {
        return URI.create(require("http.url") + absolute(path));
    }

    /** {@code https://localhost:<port>} + path; the certificate chains to {@link #caFile()}. */
    public URI httpsUrl(String path) {
        return URI.create(require("https.url") + absolute(path));
    }

    /** The local CA that issued the HTTPS listener's certificate (PEM). */
    public Path caFile() {
        return Path.of(require("ca.file"));
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

    public String adminPassword() {
        return require("admin.password");
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
        List<String> command = new ArrayList<>();
        command.add(require("launcher"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TUNNELGATE_"));
        env.put("TUNNELGATE_HOME", home.toString());
        env.put("TUNNELGATE_HTTP_PORT", require("http.port"));
        env.put("TUNNELGATE_HTTPS_PORT", require("https.port"));
        env.put("TUNNELGATE_ADMIN_PORT", require("admin.port"));
        env.put("TUNNELGATE_PORT_BASE", require("port.base"));
        env.put("TUNNELGATE_DB_PORT", require("db.port"));
        env.put("TUNNELGATE_BUILD", "never");
        env.put("TUNNELGATE_ENV_FILE", "/dev/null");
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
