package org.tunnelgate.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.AgentFixture;
import org.tunnelgate.agent.ApiClient;
import org.tunnelgate.agent.FakeController;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;

/**
 * The API's front door against a real agent on loopback: mutual TLS decides in the handshake who
 * gets in, and bad requests are refused with a 4xx and leave the applied state as it was.
 * (Desired states here have no interfaces, so no root is needed.)
 */
class AgentServerIT {

    private static AgentFixture fixture;
    private static ApiClient controller;

    @BeforeAll
    static void start() throws IOException {
        fixture = new AgentFixture("tg-agent-api-");
        fixture.properties.setProperty("api.max-body-bytes", "65536");
        fixture.start(new FakeController());
        controller = fixture.controller();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    @Test
    void the_controller_certificate_gets_the_status() throws Exception {
        var response = controller.get("/v1/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        var status = Fields.of(Json.parse(response.body()), "status");
        assertThat(status.map()).containsKeys("version", "uptime_seconds", "node_uptime_seconds", "load_average",
                "cpu_count", "generation", "applied_at", "peer_count", "client_count", "reports_pending", "wireguard", "openvpn");
    }

    @Test
    void a_client_without_a_certificate_is_refused_in_the_handshake() throws Exception {
        var anonymous = ApiClient.anonymous(fixture.caFile, fixture.agent().address());

        assertThatThrownBy(() -> anonymous.get("/v1/status")).isInstanceOf(IOException.class);
    }

    @Test
    void a_certificate_from_another_ca_is_refused_in_the_handshake() throws Exception {
        var otherCa = new TestPki("Other CA");
        Path dir = fixture.dir.resolve("other");
        var intruder = otherCa.client("controller.test", dir);

        var client = ApiClient.withCertificate(intruder, fixture.caFile, fixture.agent().address());

        assertThatThrownBy(() -> client.get("/v1/status")).isInstanceOf(IOException.class);
    }

    @Test
    void with_an_allow_list_another_certificate_of_the_same_ca_gets_403() throws Exception {
        try (var guarded = new AgentFixture("tg-agent-allow-")) {
            guarded.properties.setProperty("tls.allowed-clients", "controller.test, controller-2.test");
            guarded.start(new FakeController());
            var otherNode = ApiClient.withCertificate(guarded.nodeCert, guarded.caFile, guarded.agent().address());

            var refused = otherNode.get("/v1/status");
            var allowed = guarded.controller().get("/v1/status");

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("may not use the agent API");
            assertThat(allowed.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void generations_only_go_up_and_the_same_one_is_a_no_op() throws Exception {
        var first = controller.put("/v1/state", "{\"generation\": 100}");
        var again = controller.put("/v1/state", "{\"generation\": 100}");
        var older = controller.put("/v1/state", "{\"generation\": 99}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"applied\":true");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"applied\":false").contains("\"changes\":[]");
        assertThat(older.statusCode()).isEqualTo(409);
        assertThat(older.body()).contains("older than the applied generation 100");
        assertThat(generation()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void malformed_json_gets_400_and_leaves_the_state_unchanged() throws Exception {
        long before = generation();

        var response = controller.put("/v1/state", "{\"generation\": " + (before + 1) + ", \"wireguard\": [");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed JSON");
        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void an_invalid_peer_gets_400_naming_the_field_and_leaves_the_state_unchanged() throws Exception {
        long before = generation();

        var response = controller.put("/v1/state", "{\"generation\": " + (before + 1) + ", \"wireguard\": [{"
                + "\"name\": \"wg0\", \"listen_port\": 51820, \"peers\": [{\"public_key\": \"not-a-key\"}]}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("state.wireguard[0].peers[0].public_key");
        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void an_oversized_request_gets_400_and_leaves_the_state_unchanged() throws Exception {
        long before = generation();
        String padding = "x".repeat(70_000);

        var response = controller.put("/v1/state", "{\"generation\": " + (before + 1) + ", \"pad\": \"" + padding + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("larger than 65536 bytes");
        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void a_body_that_is_not_json_gets_400() throws Exception {
        var response = controller.post("/v1/wireguard/peers", "interface=wg0&public_key=x");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void unknown_paths_and_methods_are_refused() throws Exception {
        assertThat(controller.get("/v1/nothing").statusCode()).isEqualTo(404);
        assertThat(controller.get("/v1/state").statusCode()).isEqualTo(405);
    }

    @Test
    void a_peer_for_an_interface_the_node_does_not_have_gets_404() throws Exception {
        var response = controller.post("/v1/wireguard/peers", "{\"interface\": \"wg-none\", \"public_key\": \""
                + "A".repeat(43) + "=\", \"allowed_ips\": [\"10.0.0.2/32\"]}");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void a_peer_that_replaces_malformed_or_too_many_keys_gets_400_naming_the_field() throws Exception {
        long before = generation();
        String key = "A".repeat(43) + "=";
        String peer = "{\"interface\": \"wg-none\", \"public_key\": \"" + key + "\", \"allowed_ips\": [\"10.0.0.2/32\"], ";

        var malformed = controller.post("/v1/wireguard/peers", peer + "\"replaces\": [\"" + key + "\", \"nope\"]}");
        var notAList = controller.post("/v1/wireguard/peers", peer + "\"replaces\": \"" + key + "\"}");
        var tooMany = controller.post("/v1/wireguard/peers", peer + "\"replaces\": [" + ("\"" + key + "\",").repeat(16)
                + "\"" + key + "\"]}");
        var valid = controller.post("/v1/wireguard/peers", peer + "\"replaces\": [\"" + key + "\"]}");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("peer.replaces[1] must be a base64 WireGuard key");
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(notAList.body()).contains("peer.replaces must be an array");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("peer.replaces may name at most 16 keys");
        assertThat(valid.statusCode()).as("valid, for an interface the node does not have").isEqualTo(404);
        assertThat(generation()).isEqualTo(before);
    }

    @Test
    void metrics_are_prometheus_text_with_the_generation_applies_and_requests_by_class() throws Exception {
        controller.put("/v1/state", "{\"generation\": " + (generation() + 1) + "}");
        controller.get("/v1/nothing");

        var response = controller.get("/v1/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        var lines = response.body().lines().toList();
        assertThat(lines).allMatch(l -> l.startsWith("# HELP ") || l.startsWith("# TYPE ")
                || l.matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? -?[0-9.e+-]+"));
        assertThat(lines).contains("tunnelgate_agent_up 1", "tunnelgate_agent_generation " + generation(),
                "tunnelgate_agent_report_queue_length 0", "tunnelgate_agent_reports_dropped_total 0",
                "# TYPE tunnelgate_agent_applies_total counter");
        assertThat(sample(lines, "tunnelgate_agent_applies_total")).isPositive();
        assertThat(sample(lines, "tunnelgate_agent_api_requests_total{code=\"4xx\"}")).isPositive();
        assertThat(sample(lines, "tunnelgate_agent_api_requests_total{code=\"2xx\"}")).isPositive();
        assertThat(sample(lines, "tunnelgate_agent_api_requests_total{code=\"5xx\"}")).isZero();
    }

    @Test
    void a_controller_keeps_its_connection_open_across_requests() throws Exception {
        long generation = generation() + 1;
        assertThat(controller.put("/v1/state", "{\"generation\": " + generation + "}").statusCode()).isEqualTo(200);
        var client = fixture.controller(); // a client of its own: one connection, opened by its first request
        double before = sample(client.get("/v1/metrics").body().lines().toList(), "tunnelgate_agent_api_connections_total");
        for (int i = 0; i < 20; i++) {
            assertThat(client.get("/v1/status").statusCode()).isEqualTo(200);
            assertThat(client.put("/v1/state", "{\"generation\": " + generation + "}").statusCode()).isEqualTo(200);
            assertThat(client.get("/v1/nothing").statusCode()).isEqualTo(404);
        }
        double after = sample(client.get("/v1/metrics").body().lines().toList(), "tunnelgate_agent_api_connections_total");

        assertThat(before).as("its own connection is counted").isPositive();
        assertThat(after - before).as("connections accepted during 60 requests on a kept-alive client").isZero();
    }

    @Test
    void concurrent_requests_share_a_few_kept_alive_connections() throws Exception {
        long generation = generation() + 1;
        assertThat(controller.put("/v1/state", "{\"generation\": " + generation + "}").statusCode()).isEqualTo(200);
        var client = fixture.controller();
        double before = sample(client.get("/v1/metrics").body().lines().toList(), "tunnelgate_agent_api_connections_total");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        assertThat(client.get("/v1/status").statusCode()).isEqualTo(200);
                        assertThat(client.put("/v1/state", "{\"generation\": " + generation + "}").statusCode()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double after = sample(client.get("/v1/metrics").body().lines().toList(), "tunnelgate_agent_api_connections_total");

        assertThat(after - before).as("connections accepted during 160 requests from 8 threads at once").isLessThanOrEqualTo(8);
    }

    @Test
    void metrics_need_the_controller_certificate_like_every_call() throws Exception {
        var anonymous = ApiClient.anonymous(fixture.caFile, fixture.agent().address());

        assertThatThrownBy(() -> anonymous.get("/v1/metrics")).isInstanceOf(IOException.class);
    }

    private static double sample(java.util.List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + name + " in " + lines));
    }

    private static long generation() throws Exception {
        var status = Fields.of(Json.parse(controller.get("/v1/status").body()), "status");
        return status.integer("generation", 0, Long.MAX_VALUE);
    }
}
