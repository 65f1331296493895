package org.tunnelgate.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.AgentConfig;
import org.tunnelgate.agent.AgentFixture;
import org.tunnelgate.agent.FakeEnrollmentServer;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;

/**
 * Enrollment against a stand-in for the controller's {@code /node/enroll} over real HTTPS: the
 * happy path, re-enrollment, and every refusal — each refusal leaves the configuration directory
 * exactly as it was.
 */
class EnrollIT {

    @TempDir
    Path dir;
    private FakeEnrollmentServer controller;
    private Path etc;
    private Path config;

    @BeforeEach
    void controller() throws IOException {
        controller = new FakeEnrollmentServer(dir.resolve("controller"));
        etc = dir.resolve("etc");
        config = etc.resolve("agent.properties");
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void enrolling_writes_key_certificate_cas_and_a_configuration_the_agent_starts_from() throws Exception {
        String token = controller.newToken();

        enroll(token, "--controller-ca", controller.webCaFile.toString(), "--state-dir", "/var/lib/tg-test", "--netns", "vpn");

        var loaded = AgentConfig.load(config);
        assertThat(loaded.tlsKey()).isEqualTo(etc.resolve("agent.key"));
        assertThat(loaded.tlsCertificate()).isEqualTo(etc.resolve("agent.crt"));
        assertThat(loaded.controllerCa()).isEqualTo(etc.resolve("controller-ca.crt"));
        assertThat(loaded.controllerTrust()).containsExactly(etc.resolve("controller-trust.crt"));
        assertThat(loaded.controllerTrustJdk()).isFalse();
        assertThat(loaded.allowedClients()).containsExactly("tunnelgate-controller");
        assertThat(loaded.controllerUrls()).extracting(Object::toString).containsExactly(controller.url() + "/node/");
        assertThat(loaded.stateDir()).hasToString("/var/lib/tg-test");
        assertThat(loaded.netns()).contains("vpn");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("agent.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(etc.resolve("agent.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(etc.resolve("controller-ca.crt"))).isEqualTo(controller.nodeCa.certificatePem());
        assertThat(Files.readString(etc.resolve("controller-trust.crt"))).isEqualTo(controller.webCa.certificatePem());
        // the agent's own start-up checks pass: API context and calls-home context
        Tls.context(loaded.tlsCertificate(), loaded.tlsKey(), loaded.controllerCa());
        Tls.context(loaded.tlsCertificate(), loaded.tlsKey(), loaded.controllerTrust(), loaded.controllerTrustJdk());
        var request = Fields.of(Json.parse(controller.requests.get(0)), "request");
        assertThat(request.map()).containsOnlyKeys("token", "csr", "agent_version");
        var csrKey = new JcaPKCS10CertificationRequest(FakeEnrollmentServer.csr(request.string("csr"))).getPublicKey();
        assertThat(Tls.certificates(etc.resolve("agent.crt")).get(0).getPublicKey()).isEqualTo(csrKey);
        assertThat(files()).containsOnlyKeys("agent.crt", "agent.key", "agent.properties", "controller-ca.crt",
                "controller-trust.crt");
    }

    @Test
    void enrolling_again_with_a_new_token_replaces_key_and_certificate_and_keeps_other_settings() throws Exception {
        enroll(controller.newToken(), "--controller-ca", controller.webCaFile.toString());
        String firstKey = Files.readString(etc.resolve("agent.key"));
        Files.writeString(config, "wireguard.mode = userspace\n", java.nio.file.StandardOpenOption.APPEND);

        // without --controller-ca the JDK's trust store decides; here it is made to hold the web CA
        withJdkTrustStore(controller.webCa, () -> enroll(controller.newToken()));

        assertThat(Files.readString(etc.resolve("agent.key"))).isNotEqualTo(firstKey);
        var loaded = AgentConfig.load(config);
        assertThat(loaded.wireguardMode()).isEqualTo("userspace");
        assertThat(loaded.controllerTrust()).isEmpty();
        assertThat(loaded.controllerTrustJdk()).as("no --controller-ca: the JDK's trust store").isTrue();
        assertThat(etc.resolve("controller-trust.crt")).doesNotExist();
        Tls.context(loaded.tlsCertificate(), loaded.tlsKey(), loaded.controllerCa());
    }

    @Test
    void a_used_token_is_refused_and_nothing_is_written() throws Exception {
        String token = controller.newToken();
        enroll(token, "--controller-ca", controller.webCaFile.toString());
        var before = files();

        assertThatThrownBy(() -> enroll(token, "--controller-ca", controller.webCaFile.toString()))
                .isInstanceOf(EnrollFailed.class)
                .hasMessage("the controller refused the token (unknown, used or expired token); ask for a new one:"
                        + " tokens are single use and expire");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void a_malformed_request_answer_400_is_reported_and_nothing_is_written() {
        controller.forcedStatus = 400;
        controller.forcedBody = "{\"error\":\"csr: not a PKCS#10 request\"}";

        assertRefused("the controller refused the request (csr: not a PKCS#10 request)");
    }

    @Test
    void an_answer_that_is_not_json_is_refused_and_nothing_is_written() {
        controller.forcedStatus = 200;
        controller.forcedBody = "<html>gateway</html>";

        assertRefused("the controller's answer is unusable: malformed JSON at offset 0: unexpected character '<'");
    }

    @Test
    void a_certificate_for_another_key_is_refused_and_nothing_is_written() {
        var stranger = new TestPki("Stranger").issue("node1", dir.resolve("stranger"));
        controller.spoil = answer -> {
            answer.put("certificate", stranger.certificatePem());
            return answer;
        };

        assertRefused("the controller's answer is unusable: the certificate is not for the key this node sent");
    }

    @Test
    void a_certificate_that_does_not_chain_to_the_node_ca_is_refused() {
        controller.spoil = answer -> {
            answer.put("ca", new TestPki("Some Other CA").certificatePem());
            return answer;
        };

        assertThatThrownBy(() -> enroll(controller.newToken(), "--controller-ca", controller.webCaFile.toString()))
                .isInstanceOf(EnrollFailed.class)
                .hasMessageStartingWith("the controller's answer is unusable: the certificate does not chain to the CA");
        assertThat(etc).doesNotExist();
    }

    @Test
    void plain_http_controller_urls_in_the_answer_are_refused() {
        controller.spoil = answer -> {
            answer.put("controller_urls", List.of("http://ctl.example.org/node/"));
            return answer;
        };

        assertRefused("the controller's answer is unusable: controller_urls must be https URLs");
    }

    @Test
    void an_unreachable_controller_is_reported_and_nothing_is_written() throws Exception {
        var args = args(controller.newToken(), "--controller-ca", controller.webCaFile.toString());
        args.set(1, "https://127.0.0.1:" + AgentFixture.freePort());

        assertThatThrownBy(() -> Enroll.run(args, "test", AgentConfig::from))
                .isInstanceOf(EnrollFailed.class)
                .hasMessageStartingWith("cannot reach the controller at https://127.0.0.1:")
                .hasMessageEndingWith("/node/enroll (connection refused)");
        assertThat(etc).doesNotExist();
    }

    @Test
    void a_controller_certificate_the_jdk_does_not_trust_is_a_tls_failure_with_the_way_out() {
        assertRefusedStartingWith("TLS verification of 127.0.0.1 failed");
        assertThatThrownBy(() -> enroll(controller.newToken()))
                .hasMessageEndingWith("pass --controller-ca with the CA of the controller's HTTPS certificate");
    }

    @Test
    void a_controller_certificate_from_another_ca_than_the_given_one_is_a_tls_failure() throws Exception {
        Path other = new TestPki("Other Web CA").writeCertificate(dir.resolve("other"));

        assertThatThrownBy(() -> enroll(controller.newToken(), "--controller-ca", other.toString()))
                .isInstanceOf(EnrollFailed.class)
                .hasMessageStartingWith("TLS verification of 127.0.0.1 failed")
                .hasMessageEndingWith("is " + other + " the CA of the controller's HTTPS certificate?");
        assertThat(etc).doesNotExist();
    }

    @Test
    void openssl_verifies_the_certification_request() throws Exception {
        Path csr = dir.resolve("node.csr");
        Files.writeString(csr, Csr.pem(Csr.newKeyPair(), "node-1.example.org"));

        Process openssl = new ProcessBuilder("openssl", "req", "-in", csr.toString(), "-noout", "-verify", "-subject")
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(openssl.waitFor()).as(output).isZero();
        assertThat(output).contains("verify OK").contains("CN = node-1.example.org");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void enroll(String token, String... more) {
        Enroll.run(args(token, more), "test", AgentConfig::from);
    }

    private List<String> args(String token, String... more) {
        var args = new ArrayList<>(List.of("--controller", controller.url(), "--token", token, "--config", config.toString(),
                "--enroll-only"));
        args.addAll(List.of(more));
        return args;
    }

    private void withJdkTrustStore(TestPki ca, Runnable action) throws Exception {
        Path store = dir.resolve("jdk-trust.p12");
        var keyStore = java.security.KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setCertificateEntry("web", Tls.certificates(ca.writeCertificate(dir.resolve("jdk"))).get(0));
        try (var out = Files.newOutputStream(store)) {
            keyStore.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        try {
            action.run();
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
            System.clearProperty("javax.net.ssl.trustStorePassword");
        }
    }

    private void assertRefused(String message) {
        assertThatThrownBy(() -> enroll(controller.newToken(), "--controller-ca", controller.webCaFile.toString()))
                .isInstanceOf(EnrollFailed.class).hasMessage(message);
        assertThat(etc).doesNotExist();
    }

    private void assertRefusedStartingWith(String message) {
        assertThatThrownBy(() -> enroll(controller.newToken()))
                .isInstanceOf(EnrollFailed.class).hasMessageStartingWith(message);
        assertThat(etc).doesNotExist();
    }

    private Map<String, String> files() throws IOException {
        var files = new TreeMap<String, String>();
        try (Stream<Path> list = Files.list(etc)) {
            for (Path p : list.toList()) files.put(p.getFileName().toString(), Files.readString(p));
        }
        return files;
    }
}
