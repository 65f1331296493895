package org.tunnelgate.agent.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.AgentFixture;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;
import org.tunnelgate.agent.system.Wait;

/**
 * Calls home over real mutual TLS to a stand-in controller on loopback (ports 45000-45999): it
 * answers authorisations and records reports, and only accepts callers with a node certificate.
 */
class ControllerClientIT {

    private static final ClientSession ALICE = new ClientSession("staff", "alice", "192.0.2.7", "10.98.0.2", "");

    @TempDir
    Path dir;

    private TestPki ca;
    private Path caFile;
    private SSLContext nodeTls;
    private SSLContext controllerTls;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> callers = new CopyOnWriteArrayList<>();
    private HttpsServer controller;
    private HttpsController client;

    @BeforeEach
    void pki() throws IOException {
        ca = new TestPki("Controller CA");
        caFile = ca.writeCertificate(dir);
        var node = ca.node("node-1", dir);
        var server = ca.server("controller", dir);
        nodeTls = Tls.context(node.certificate(), node.key(), caFile);
        controllerTls = Tls.context(server.certificate(), server.key(), caFile);
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (controller != null) controller.stop(0);
    }

    @Test
    void the_controller_decides_whether_a_client_may_connect() throws Exception {
        int port = startController(freePort());
        client = new HttpsController(List.of(url(port)), nodeTls, Duration.ofSeconds(5));

        assertThat(client.mayConnect(ALICE)).isTrue();
        assertThat(client.mayConnect(new ClientSession("staff", "mallory", "192.0.2.8", "", ""))).isFalse();
        assertThat(received.get(0)).startsWith("/node/openvpn/authorize ")
                .contains("\"common_name\":\"alice\"", "\"profile_id\":\"staff\"", "\"originating_ip\":\"192.0.2.7\"");
        assertThat(callers).containsOnly("CN=node-1");
    }

    @Test
    void the_next_controller_answers_when_the_first_is_down() throws Exception {
        int down = freePort();
        int port = startController(freePort());
        client = new HttpsController(List.of(url(down), url(port)), nodeTls, Duration.ofSeconds(5));

        assertThat(client.mayConnect(ALICE)).isTrue();
    }

    @Test
    void no_answer_within_the_timeout_means_unreachable() {
        client = new HttpsController(List.of(url(freePort())), nodeTls, Duration.ofSeconds(2));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.mayConnect(ALICE)).isInstanceOf(ControllerUnreachable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reports_wait_for_a_controller_that_comes_back_and_arrive_in_order() throws Exception {
        int port = freePort();
        client = new HttpsController(List.of(url(port)), nodeTls, Duration.ofSeconds(2));

        client.connected(ALICE);
        client.disconnected(ALICE, 2732, 2819);
        assertThat(Wait.until(Duration.ofSeconds(1), () -> client.pendingReports() == 0)).isFalse();
        startController(port);

        assertThat(Wait.until(Duration.ofSeconds(30), () -> client.pendingReports() == 0)).isTrue();
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).startsWith("/node/openvpn/connected ");
        assertThat(received.get(1)).startsWith("/node/openvpn/disconnected ")
                .contains("\"bytes_in\":2732", "\"bytes_out\":2819", "\"ip_four\":\"10.98.0.2\"");
    }

    @Test
    void a_controller_certificate_from_another_ca_is_not_trusted() throws Exception {
        var other = new TestPki("Other CA");
        var impostor = other.server("controller", dir.resolve("other"));
        controllerTls = Tls.context(impostor.certificate(), impostor.key(), other.writeCertificate(dir.resolve("other")));
        int port = startController(freePort());
        client = new HttpsController(List.of(url(port)), nodeTls, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.mayConnect(ALICE)).isInstanceOf(ControllerUnreachable.class);
        assertThat(received).isEmpty();
    }

    @Test
    void with_controller_trust_ca_the_controller_may_present_a_certificate_from_its_web_ca() throws Exception {
        var webCa = new TestPki("Web CA");
        Path webCaFile = webCa.writeCertificate(dir.resolve("web"));
        var web = webCa.server("controller", dir.resolve("web"));
        controllerTls = Tls.context(web.certificate(), web.key(), caFile); // still demands a node certificate
        int port = startController(freePort());
        var node = ca.node("node-2", dir.resolve("n2"));

        var trusting = new HttpsController(List.of(url(port)),
                Tls.context(node.certificate(), node.key(), List.of(webCaFile), false), Duration.ofSeconds(2));
        var callersCaOnly = new HttpsController(List.of(url(port)),
                Tls.context(node.certificate(), node.key(), List.of(caFile), false), Duration.ofSeconds(2));
        try {
            assertThat(trusting.mayConnect(ALICE)).isTrue();
            assertThatThrownBy(() -> callersCaOnly.mayConnect(ALICE)).isInstanceOf(ControllerUnreachable.class);
            assertThat(callers).containsExactly("CN=node-2");
        } finally {
            trusting.close();
            callersCaOnly.close();
        }
    }

    private int startController(int port) throws IOException {
        controller = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        var params = Tls.parameters(controllerTls, true);
        controller.setHttpsConfigurator(new HttpsConfigurator(controllerTls) {
            @Override
            public void configure(HttpsParameters p) {
                p.setSSLParameters(params);
            }
        });
        controller.createContext("/node/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(exchange.getRequestURI().getPath() + " " + body);
                callers.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
                String answer = exchange.getRequestURI().getPath().endsWith("/authorize")
                        ? Json.write(Json.object("allowed", !body.contains("mallory")))
                        : "{}";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        controller.start();
        return port;
    }

    private static URI url(int port) {
        return URI.create("https://127.0.0.1:" + port + "/node/");
    }

    private static int freePort() {
        return AgentFixture.freePort();
    }
}
