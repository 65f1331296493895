package org.tunnelgate.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.AgentFixture;
import org.tunnelgate.agent.FakeController;
import org.tunnelgate.agent.NetnsLab;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;
import org.tunnelgate.agent.wireguard.Keys;

/**
 * A seeded, bounded fuzz of every agent endpoint over real mutual TLS, with the data plane (real
 * wireguard-go) in a network namespace of its own: no request may get a 5xx or a stack trace, and
 * a refused request must leave state.json and state.journal byte for byte as they were. Valid requests in between prove
 * the agent keeps working. Replay a failure with -Dtunnelgate.fuzz.seed=N (printed on failure).
 */
class AgentApiFuzzIT {

    private static final long SEED = Long.getLong("tunnelgate.fuzz.seed", 20261202L);
    private static final int REQUESTS = Integer.getInteger("tunnelgate.fuzz.requests", 3000);
    private static final Duration BUDGET = Duration.ofSeconds(45);
    private static final List<String> KEYS = List.of(pub(), pub(), pub(), pub());

    private static NetnsLab lab;
    private static AgentFixture fixture;
    private static HttpClient http;
    private static SSLContext tls;
    private static String base;
    private static String wg;
    private static Path stateFile;
    private static String openVpnProfile;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetnsLab();
        fixture = new AgentFixture(lab.prefix + "-fuzz-");
        fixture.properties.setProperty("netns", lab.node);
        fixture.properties.setProperty("api.max-body-bytes", String.valueOf(256 * 1024));
        fixture.start(new FakeController());
        tls = Tls.context(fixture.controllerCert.certificate(), fixture.controllerCert.key(), fixture.caFile);
        http = HttpClient.newBuilder().sslContext(tls).sslParameters(Tls.parameters(tls, false))
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        base = "https://127.0.0.1:" + fixture.port;
        wg = lab.prefix + "-fz";
        stateFile = fixture.dir.resolve("state/state.json");
        var vpnCa = new TestPki("Fuzz VPN CA");
        var server = vpnCa.server("vpn-node", lab.dir.resolve("vpn"));
        openVpnProfile = Json.write(Json.object("name", "staff", "ca", vpnCa.certificatePem(), "cert", server.certificatePem(),
                "key", server.keyPem(), "tls_crypt", staticKey(), "routes", List.of("192.168.0.0/16"), "dns", List.of("9.9.9.9"),
                "listeners", List.of(Json.object("proto", "udp", "port", 1194, "pool4", "10.218.0.0/24"))));
        var first = send("PUT", "/v1/state", "application/json", validState(1, new Random(SEED)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (fixture != null) fixture.stopAgent();
        } finally {
            try {
                if (lab != null) lab.close();
            } finally {
                if (fixture != null) fixture.close();
            }
        }
    }

    @Test
    void no_request_gets_a_5xx_or_a_stack_trace_and_a_refused_one_changes_nothing() throws Exception {
        var random = new Random(SEED);
        long generation = currentGeneration();
        var seeds = new LinkedHashMap<String, String>();
        seeds.put("/v1/wireguard/peers", Json.write(Json.object("interface", wg, "public_key", KEYS.get(2),
                "allowed_ips", List.of("10.217.0.9/32"), "replaces", List.of(KEYS.get(3)))));
        seeds.put("/v1/wireguard/peers/remove", Json.write(Json.object("interface", wg, "public_key", KEYS.get(0))));
        seeds.put("/v1/openvpn/clients/disconnect", "{\"common_name\":\"alice\"}");
        var fuzzer = new ApiFuzzer(SEED, seeds);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        int refused = 0;
        String previous = "";
        for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
            if (sent % 20 == 19) {
                generation = validRequest(random, generation);
                continue;
            }
            seeds.put("/v1/state", fullState(generation + 1));
            var call = fuzzer.next();
            byte[] before = stored();
            HttpResponse<String> response;
            try {
                response = send(call.method(), call.path(), call.contentType(), call.body());
            } catch (java.io.IOException e) {
                throw new AssertionError("seed " + SEED + ", request " + sent + ": " + call.method() + " " + call.path()
                        + " (" + call.what() + ", " + call.body().length + " bytes) got no answer: " + e
                        + "; the request before: " + previous, e);
            }
            previous = call.method() + " " + call.path() + " (" + call.what() + ", " + call.body().length + " bytes, "
                    + call.contentType() + ") -> " + response.statusCode();
            String where = "seed " + SEED + ", request " + sent + ": " + call.method() + " " + call.path() + " (" + call.what()
                    + ") -> " + response.statusCode() + " " + shorten(response.body());
            assertThat(response.statusCode()).as(where).isLessThan(500);
            assertThat(response.body()).as(where).doesNotContain("Exception").doesNotContain("\tat ");
            boolean changes = response.statusCode() / 100 == 2 && (response.body().contains("\"applied\":true")
                    || (call.method().equals("POST") && call.path().startsWith("/v1/wireguard/peers")));
            if (!changes) {
                assertThat(stored()).as("state.json and state.journal after " + where).isEqualTo(before);
                if (response.statusCode() / 100 == 4) refused++;
            } else {
                generation = currentGeneration();
            }
        }
        System.out.println("fuzz: seed " + SEED + ", " + sent + " requests, " + refused + " refused");
        assertThat(sent).as("requests within %s", BUDGET).isGreaterThanOrEqualTo(Math.min(REQUESTS, 500));
        assertThat(refused).as("most fuzzed requests are refused").isGreaterThan(sent / 2);
        assertThat(send("GET", "/v1/status", null, new byte[0]).body()).contains("\"name\":\"" + wg + "\"");
    }

    @Test
    void malformed_http_gets_no_5xx() throws Exception {
        for (String raw : List.of(
                "GARBAGE\r\n\r\n",
                "GET /v1/wireguard/peers?interface=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/wireguard/peers?%=%&&= HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /v1/status HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /v1/\u0000status HTTP/1.1\r\nHost: x\r\n\r\n",
                "PUT /v1/state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
                "PUT /v1/state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
                "PUT /v1/state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "PUT /v1/state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9999999999999\r\n\r\n{}",
                "POST /v1/wireguard/peers HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\n\r\n")) {
            byte[] before = stored();
            String status = rawStatusLine(raw);
            assertThat(status).as(raw).doesNotMatch("HTTP/1\\.1 5\\d\\d.*");
            assertThat(stored()).as(raw).isEqualTo(before);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** One valid request (a new state, a peer added or removed, a read); returns the generation after it. */
    private static long validRequest(Random random, long generation) throws Exception {
        switch (random.nextInt(4)) {
            case 0 -> {
                var response = send("PUT", "/v1/state", "application/json", validState(generation + 1, random));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"applied\":true", "\"failures\":[]");
            }
            case 1 -> assertThat(send("POST", "/v1/wireguard/peers", "application/json", Json.write(Json.object(
                    "interface", wg, "public_key", KEYS.get(random.nextInt(KEYS.size())),
                    "allowed_ips", List.of("10.217.0." + (10 + random.nextInt(200)) + "/32"),
                    "replaces", List.of(KEYS.get(random.nextInt(KEYS.size()))))).getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(200);
            case 2 -> assertThat(send("POST", "/v1/wireguard/peers/remove", "application/json", Json.write(Json.object(
                    "interface", wg, "public_key", KEYS.get(random.nextInt(KEYS.size())))).getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isIn(200, 204);
            default -> assertThat(send("GET", random.nextBoolean() ? "/v1/status" : "/v1/metrics", null, new byte[0])
                    .statusCode()).isEqualTo(200);
        }
        return currentGeneration();
    }

    private static byte[] validState(long generation, Random random) {
        var peers = new java.util.ArrayList<Object>();
        for (int i = 0; i < KEYS.size(); i++) {
            if (random.nextBoolean()) peers.add(Json.object("public_key", KEYS.get(i), "allowed_ips", List.of("10.217.0." + (i + 2) + "/32")));
        }
        return Json.write(Json.object("generation", generation, "wireguard", List.of(Json.object("name", wg,
                "listen_port", 51840, "addresses", List.of("10.217.0.1/24"), "peers", peers)))).getBytes(StandardCharsets.UTF_8);
    }

    /** A complete state with an OpenVPN profile: only ever sent mutated (so never applied). */
    private static String fullState(long generation) {
        return "{\"generation\":" + generation + ",\"wireguard\":[{\"name\":\"" + wg + "\",\"listen_port\":51840,"
                + "\"addresses\":[\"10.217.0.1/24\"],\"mtu\":1420,\"peers\":[{\"public_key\":\"" + KEYS.get(1)
                + "\",\"allowed_ips\":[\"10.217.0.3/32\"]}]}],\"openvpn\":[" + openVpnProfile + "]}";
    }

    /** What the agent has stored: state.json and, after single-peer changes, state.journal. */
    private static byte[] stored() throws Exception {
        Path journal = stateFile.resolveSibling("state.journal");
        byte[] state = Files.readAllBytes(stateFile);
        byte[] changes = Files.exists(journal) ? Files.readAllBytes(journal) : new byte[0];
        byte[] both = java.util.Arrays.copyOf(state, state.length + 1 + changes.length);
        System.arraycopy(changes, 0, both, state.length + 1, changes.length);
        return both;
    }

    private static long currentGeneration() throws Exception {
        return org.tunnelgate.agent.json.Fields.of(Json.parse(Files.readString(stateFile)), "state")
                .integer("generation", 1, Long.MAX_VALUE);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (contentType != null) request.header("Content-Type", contentType);
        request.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return send(method, path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes over a mutual-TLS socket; the status line of the answer, or "" when none came. */
    private static String rawStatusLine(String request) throws Exception {
        try (var socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", fixture.port)) {
            socket.setSSLParameters(Tls.parameters(tls, false));
            socket.setSoTimeout(3_000); // some malformed requests are left waiting; Main caps that with maxReqTime
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (java.net.SocketException | java.net.SocketTimeoutException | javax.net.ssl.SSLException noAnswer) {
            return "";
        }
    }

    private static String pub() {
        return Keys.publicKey(Keys.generatePrivate());
    }

    private static String staticKey() {
        byte[] key = new byte[256];
        new Random(1).nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        var out = new StringBuilder("-----BEGIN OpenVPN Static key V1-----\n");
        for (int i = 0; i < hex.length(); i += 32) out.append(hex, i, i + 32).append('\n');
        return out.append("-----END OpenVPN Static key V1-----\n").toString();
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

}
