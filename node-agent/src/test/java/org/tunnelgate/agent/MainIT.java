package org.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.system.Wait;

/** The packaged jar, started the way the systemd unit starts it: {@code java -jar … agent.properties}. */
class MainIT {

    private static final Path JAR = Path.of("target", "tunnelgate-node-agent.jar");

    private AgentFixture fixture;
    private Process agent;

    @BeforeEach
    void fixture() throws Exception {
        assertThat(JAR).as("the agent jar is built before the integration tests").exists();
        fixture = new AgentFixture("tg-agent-jar-");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    @Test
    void the_jar_serves_the_api_and_stops_cleanly_on_sigterm() throws Exception {
        Path config = writeConfig();
        Path log = fixture.dir.resolve("agent.log");

        agent = java(config, log);
        var api = ApiClient.withCertificate(fixture.controllerCert, fixture.caFile,
                new java.net.InetSocketAddress("127.0.0.1", fixture.port));

        assertThat(Wait.until(Duration.ofSeconds(30), () -> api.getQuietly("/v1/status").contains("\"version\":")))
                .as("status over mutual TLS; log: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
        agent.destroy(); // SIGTERM, as systemd stops it
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("agent stopping; tunnels stay up");
    }

    @Test
    void a_bad_configuration_exits_with_2_and_says_why() throws Exception {
        fixture.properties.setProperty("listen", "127.0.0.1:" + fixture.port);
        Path config = writeConfig();
        Files.writeString(config, "wireguard.mode = sometimes\n", java.nio.file.StandardOpenOption.APPEND);
        Path log = fixture.dir.resolve("bad.log");

        agent = java(config, log);

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("wireguard.mode must be auto, kernel or userspace");
    }

    @Test
    void enroll_writes_the_files_and_then_runs_the_agent_with_them() throws Exception {
        try (var enrollment = new FakeEnrollmentServer(fixture.dir.resolve("controller"))) {
            Path config = fixture.dir.resolve("etc/agent.properties");
            Path log = fixture.dir.resolve("enroll.log");

            agent = java(log, "enroll", "--controller", enrollment.url(), "--token", enrollment.newToken(),
                    "--config", config.toString(), "--controller-ca", enrollment.webCaFile.toString(),
                    "--state-dir", fixture.dir.resolve("state").toString());

            var controllerCert = enrollment.nodeCa.client("tunnelgate-controller", fixture.dir.resolve("ctl"));
            Path nodeCa = enrollment.nodeCa.writeCertificate(fixture.dir.resolve("ctl"));
            var api = ApiClient.withCertificate(controllerCert, nodeCa,
                    new java.net.InetSocketAddress("127.0.0.1", enrollment.listenPort));
            assertThat(Wait.until(Duration.ofSeconds(30), () -> api.getQuietly("/v1/status").contains("\"version\":")))
                    .as("the enrolled agent answers the controller; log: %s", Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            assertThat(Files.readString(log)).contains("enrolled; configuration written to " + config)
                    .doesNotContain("tok-");
        }
    }

    @Test
    void a_refused_enrollment_exits_with_2_and_one_line() throws Exception {
        try (var enrollment = new FakeEnrollmentServer(fixture.dir.resolve("controller"))) {
            Path config = fixture.dir.resolve("etc/agent.properties");
            Path log = fixture.dir.resolve("enroll.log");

            agent = java(log, "enroll", "--controller", enrollment.url(), "--token", "never-issued",
                    "--config", config.toString(), "--controller-ca", enrollment.webCaFile.toString());

            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).isEqualTo(2);
            assertThat(Files.readString(log)).isEqualTo("tunnelgate-node-agent: enroll: the controller refused the token"
                    + " (unknown, used or expired token); ask for a new one: tokens are single use and expire\n");
            assertThat(config.getParent()).doesNotExist();
        }
    }

    private Path writeConfig() throws Exception {
        Path config = fixture.dir.resolve("agent.properties");
        try (var out = new FileOutputStream(config.toFile())) {
            fixture.properties.store(out, "MainIT");
        }
        return config;
    }

    private static Process java(Path config, Path log) throws Exception {
        return java(log, config.toString());
    }

    private static Process java(Path log, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var argv = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx48m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        argv.addAll(java.util.List.of(args));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
