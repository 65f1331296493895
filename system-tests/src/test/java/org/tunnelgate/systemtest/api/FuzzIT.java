package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * A bounded, seeded fuzzer over every HTTP endpoint of the controller (issue 7): portal forms with
 * and without a valid CSRF token, OAuth authorize and token, the VPN API, discovery and the admin
 * REST API — with malformed, oversized, unicode, NUL and control-character values, duplicate
 * parameters, wrong methods, wrong content types and ambiguous paths.
 *
 * <p>It fails on any 5xx, on any stack-trace text in a response, and on any database row changed by
 * a request that was refused (4xx): the tables' checksums are taken before and after each refused
 * request (requests run one at a time). Deliberate writes of a refusal are left out: failed logins
 * ({@code login_failure}), the audit trail (refused admin changes are audited) and the login-time
 * column of {@code account}.
 *
 * <p>Seed and size: {@code -Dtunnelgate.fuzz.seed=N} (default: a new one each run, printed) and
 * {@code -Dtunnelgate.fuzz.requests=N} (default 2500). A failure names the seed, so the run can be
 * repeated exactly. The agent's own API has its own seeded fuzzer against a real agent,
 * {@code node-agent}'s {@code AgentApiFuzzIT}; the controller's agent-facing {@code /node/enroll} is
 * fuzzed here with the others, and so are the agents' calls home ({@code /node/openvpn/authorize},
 * {@code connected}, {@code disconnected}) on the node listener, with the client certificate of a
 * node enrolled for this test through the real flow (the agent's {@code enroll --enroll-only}): a call
 * home that names no known client also writes no OpenVPN session, whatever it answers.
 */
class FuzzIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private static final long SEED = Long.getLong("tunnelgate.fuzz.seed", System.nanoTime());
    private static final int REQUESTS = Integer.getInteger("tunnelgate.fuzz.requests", 2500);
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s*at [\\w$]+(\\.[\\w$]+)+\\(|Exception:|java\\.lang\\.|org\\.glassfish|com\\.sun\\.|org\\.eclipse\\.persistence"
                    + "|StackTrace|\\.java:\\d+\\)"); // (not "jakarta.faces.": every form has a jakarta.faces.ViewState field)
    /** Written on purpose by refusals: a failed login counts, a refused admin change is audited. */
    private static final Set<String> WRITTEN_BY_REFUSALS = Set.of("login_failure", "audit_entry", "flyway_schema_history",
            "login_known_address", // a successful HTTP Basic login of the admin API before its body is refused
            // written by the controller's own background work, whatever the requests are: the scheduler's
            // leases and heartbeats, node health, reconciliation, the connection log, the statistics, the readiness probe
            "job_lease", "job_run", "controller_instance", "node_health", "node_repair", "node_wireguard_interface",
            "connection_log", "cluster_write_probe", "stats_sample", "stats_daily");

    private final Random random = new Random(SEED);
    private final Map<String, Integer> statusCounts = new TreeMap<>();
    private final List<String> findings = new ArrayList<>();

    private PortalClient userSession;
    private PortalClient adminSession;
    private PortalClient anonymous;
    private String accessToken;
    private String adminBasic;
    private NodeCalls node;
    private String nodeName;
    private String nodeListener;

    @Test
    void noEndpointAnswersBadInputWithAServerErrorAStackTraceOrAWrite() throws Exception {
        System.out.println("FuzzIT: seed " + SEED + " (repeat with -Dtunnelgate.fuzz.seed=" + SEED + "), " + REQUESTS + " requests");
        String user = Users.createUser(system, "fuzz");
        String admin = "fuzz-admin-" + Long.toHexString(SEED & 0xffffff);
        assertThat(system.launcher("user", "add", admin, "--password", Users.PASSWORD, "--admin").succeeded()).isTrue();
        userSession = viaProxy(user);
        adminSession = viaProxy(admin);
        anonymous = viaProxy(null);
        accessToken = new VpnApp(system).authorize(userSession).accessToken();
        adminBasic = "Basic " + Base64.getEncoder().encodeToString((admin + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8));
        enrollANode();
        long started = System.nanoTime();
        try {
            fuzz();
        } finally {
            assertThat(admin("DELETE", "/api/admin/nodes/" + nodeName, null).statusCode()).as("the test's node removed").isEqualTo(204);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("FuzzIT: seed " + SEED + ", " + REQUESTS + " requests in " + seconds + " s, answers " + statusCounts
                + ", findings " + findings.size());
        assertThat(findings).as("seed %d", SEED).isEmpty();
    }

    private void fuzz() throws Exception {

        try (Connection db = Users.database(system)) {
            String before = checksums(db);
            String sessions = openVpnSessions(db);
            for (int i = 0; i < REQUESTS; i++) {
                Attempt attempt = nextAttempt();
                // every request on behalf of an address of its own (198.18.0.0/15, for benchmarks): the
                // failed logins it causes must not throttle the addresses the other tests log in from
                attempt.request().header("X-Forwarded-For", "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256)
                        + "." + (1 + random.nextInt(254)));
                PortalClient.Page answer;
                try {
                    answer = send(attempt);
                } catch (RuntimeException e) {
                    // Grizzly closes the connection on a request head over its limit (64 KiB here):
                    // no answer, but no server error either
                    if (attempt.request().build().uri().toString().length() >= 60_000) {
                        statusCounts.merge("closed", 1, Integer::sum);
                        continue;
                    }
                    // A kept-alive connection the server closed just as the client reused it fails
                    // the request before the server saw it (the JDK client retries no POST). Sent
                    // again on a fresh connection, the request gets its answer judged like any
                    // other; a request the server never answers fails twice and is a finding.
                    statusCounts.merge("retried", 1, Integer::sum);
                    try {
                        answer = send(attempt);
                    } catch (RuntimeException again) {
                        findings.add(attempt.describe() + ": no answer, twice (" + e + "; " + again + ")");
                        continue;
                    }
                }
                statusCounts.merge(answer.status() / 100 + "xx", 1, Integer::sum);
                if (answer.status() >= 500) {
                    findings.add(attempt.describe() + ": " + answer.status() + " " + cut(answer.body()));
                }
                if (STACK_TRACE.matcher(answer.body()).find()) {
                    findings.add(attempt.describe() + ": stack trace text in the answer: " + cut(answer.body()));
                }
                String after = checksums(db);
                if (answer.status() >= 400 && answer.status() < 500 && !after.equals(before)) {
                    findings.add(attempt.describe() + ": refused with " + answer.status() + " but changed "
                            + changedTables(before, after));
                }
                String sessionsAfter = openVpnSessions(db);
                if (!sessionsAfter.equals(sessions)) {
                    findings.add(attempt.describe() + ": answered " + answer.status() + " but wrote an OpenVPN session");
                }
                before = after;
                sessions = sessionsAfter;
            }
        }
    }

    /**
     * A client that talks to the controller through ::1, the trusted proxy of the test system, so
     * that each request can say which client address it comes from; logged in unless name is null.
     */
    private static PortalClient viaProxy(String name) {
        var client = new PortalClient(URI.create("https://[::1]:" + system.httpsPort() + "/"), Users.http11());
        if (name != null) {
            var home = client.login(name, Users.PASSWORD);
            assertThat(home.status()).as("login of %s: %s", name, home).isEqualTo(200);
        }
        return client;
    }

    /** One request to send, with the client (and so the session) to send it with. */
    private static PortalClient.Page send(Attempt attempt) {
        if (attempt.node() != null) {
            try {
                var answer = attempt.node().send(attempt.request().timeout(Duration.ofSeconds(60)).build());
                return new PortalClient.Page(answer.statusCode(), answer.uri(), answer.headers(), answer.body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return attempt.client().send(attempt.request().timeout(Duration.ofSeconds(60)));
    }

    /** One request to send, through the portal client or (calls home) with the node's certificate. */
    private record Attempt(String what, PortalClient client, HttpRequest.Builder request, NodeCalls node) {
        Attempt(String what, PortalClient client, HttpRequest.Builder request) {
            this(what, client, request, null);
        }

        String describe() {
            return what;
        }
    }

    private Attempt nextAttempt() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> portalForm();
            case 2 -> portalGet();
            case 3 -> authorize();
            case 4 -> token();
            case 5, 6 -> vpnApi();
            case 7 -> adminApi();
            case 8 -> pick(0, 1, 2) == 0 ? discovery() : random.nextBoolean() ? nodeEnrollment() : nodeCallHome();
            default -> strangePath();
        };
    }

    // ---- portal pages ------------------------------------------------------------------------

    private static final String[][] FORMS = {
            {"/login", "login"}, {"/account", "password"}, {"/configurations", "create"},
            {"/admin/users", "create"}, {"/admin/clients", "register"}, {"/admin/profile", "profile"}};

    /** A real form of a real page, its token kept (or not), its fields fuzzed. */
    private Attempt portalForm() {
        String[] form = FORMS[random.nextInt(FORMS.length)];
        PortalClient client = form[0].equals("/login") ? anonymous : form[0].startsWith("/admin") ? adminSession : userSession;
        PortalClient.Page page = client.get(form[0]);
        Map<String, String> fields = new LinkedHashMap<>(formFields(page.body(), form[1]));
        for (var field : fields.entrySet()) {
            if (!field.getKey().equals("jakarta.faces.ViewState") && !field.getKey().equals(form[1]) && random.nextInt(3) > 0) {
                field.setValue(nasty());
            }
        }
        String token = "with its token";
        switch (random.nextInt(6)) {
            case 0 -> { fields.remove("jakarta.faces.ViewState"); token = "without a token"; }
            case 1 -> { fields.put("jakarta.faces.ViewState", nasty()); token = "with a forged token"; }
            default -> { }
        }
        String body = formBody(fields);
        String type = random.nextInt(8) == 0 ? contentType() : "application/x-www-form-urlencoded";
        String method = random.nextInt(12) == 0 ? method() : "POST";
        return new Attempt(method + " " + form[0] + " form " + form[1] + " " + token + " as " + type + " " + cut(body),
                client, HttpRequest.newBuilder(client.resolve(form[0])).header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private Attempt portalGet() {
        String[] pages = {"/", "/index", "/login", "/logout", "/account", "/configurations", "/admin", "/admin/users",
                "/admin/user", "/admin/audit", "/admin/clients", "/admin/profiles", "/admin/profile", "/oauth/consent",
                "/resources/css/portal.css", "/error-page", "/login.xhtml", "/no-such-page"};
        String path = pages[random.nextInt(pages.length)] + "?" + query("name", "q", "id", "tab", "after", "from");
        PortalClient client = List.of(anonymous, userSession, adminSession).get(random.nextInt(3));
        return new Attempt("GET " + cut(path), client, HttpRequest.newBuilder(uri(client, path)).GET());
    }

    // ---- OAuth ---------------------------------------------------------------------------------

    private Attempt authorize() {
        Map<String, String> p = new VpnApp(system).authorizeParameters();
        fuzzValues(p);
        String path = "/oauth/authorize?" + formBody(p);
        PortalClient client = random.nextBoolean() ? userSession : anonymous;
        String method = random.nextInt(6) == 0 ? method() : "GET";
        return new Attempt(method + " " + cut(path), client,
                HttpRequest.newBuilder(uri(client, path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private Attempt token() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", pick("authorization_code", "refresh_token", "client_credentials", "password", nasty()));
        p.put("code", pick(nasty(), "A".repeat(43)));
        p.put("redirect_uri", pick("http://127.0.0.1:8000/callback", nasty()));
        p.put("client_id", pick(VpnApp.LINUX, nasty()));
        p.put("code_verifier", nasty());
        p.put("refresh_token", pick(nasty(), accessToken));
        fuzzValues(p);
        String type = random.nextInt(4) == 0 ? contentType() : "application/x-www-form-urlencoded";
        String method = random.nextInt(6) == 0 ? method() : "POST";
        String body = formBody(p);
        return new Attempt(method + " /oauth/token as " + type + " " + cut(body), anonymous,
                HttpRequest.newBuilder(anonymous.resolve("/oauth/token")).header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    // ---- VPN-app API ---------------------------------------------------------------------------

    private Attempt vpnApi() {
        String endpoint = pick("/api/v3/info", "/api/v3/connect", "/api/v3/connect", "/api/v3/disconnect");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("profile_id", pick("employees", "admins-wg", "openvpn-tcp", nasty()));
        p.put("public_key", pick(VpnApp.wireGuardPublicKey(), nasty()));
        p.put("prefer_tcp", pick("yes", "no", nasty()));
        if (random.nextBoolean()) {
            fuzzValues(p);
        }
        String bearer = pick("Bearer " + accessToken, "Bearer " + nasty(), "Basic " + nasty(), "bearer  " + accessToken);
        String method = random.nextInt(5) == 0 ? method() : endpoint.endsWith("info") ? "GET" : "POST";
        String type = random.nextInt(5) == 0 ? contentType() : "application/x-www-form-urlencoded";
        String body = method.equals("GET") ? "" : formBody(p);
        var request = HttpRequest.newBuilder(anonymous.resolve(endpoint)).header("Content-Type", type)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        header(request, "Accept", pick(VpnApp.WIREGUARD, VpnApp.OPENVPN, "*/*", nasty()));
        header(request, "Authorization", bearer);
        return new Attempt(method + " " + endpoint + " as " + type + " " + cut(body), anonymous, request);
    }

    private Attempt discovery() {
        String method = random.nextInt(3) == 0 ? method() : "GET";
        String path = "/.well-known/vpn-user-portal?" + query("a", "b");
        return new Attempt(method + " " + cut(path), anonymous,
                HttpRequest.newBuilder(uri(anonymous, path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    // ---- the agent-facing endpoints -------------------------------------------------------------

    /** Enrollment with forged, malformed or missing tokens and CSRs: never a node, never a 5xx. */
    private Attempt nodeEnrollment() {
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\n" + pick("MIIB", nasty()) + "\n-----END CERTIFICATE REQUEST-----\n";
        String body = pick("{\"token\":" + jsonString(pick("tgnt_" + "A".repeat(43), nasty())) + ",\"csr\":" + jsonString(pick(csr, nasty()))
                        + ",\"agent_version\":" + jsonString(nasty()) + "}",
                "{\"token\":\"x\",\"csr\":\"y\",\"token\":\"z\"}", json(), nasty(), "");
        String type = random.nextInt(3) == 0 ? contentType() : "application/json";
        String method = random.nextInt(6) == 0 ? method() : "POST";
        return new Attempt(method + " /node/enroll as " + type + " " + cut(body), anonymous,
                HttpRequest.newBuilder(anonymous.resolve("/node/enroll")).header("Content-Type", type)
                        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A node's call home (OpenVPN admission and session reports) with the enrolled node's certificate:
     * malformed, oversized, mistyped and unknown-key bodies, wrong methods and content types, unknown
     * calls; well-formed ones name a client nobody issued.
     */
    private Attempt nodeCallHome() {
        String call = pick("authorize", "connected", "disconnected", "disconnected", pick("", "authorize/x", "..", nasty()));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("profile_id", pick("employees", "fuzz-profile", nasty()));
        fields.put("common_name", pick(Long.toHexString(random.nextLong()), nasty()));
        fields.put("originating_ip", pick("192.0.2.7", "2001:db8::7", "10.0.0.300", nasty()));
        fields.put("ip_four", pick("", "10.43.0.7", nasty()));
        fields.put("ip_six", pick("", "fd43::7", "10.43.0.7", nasty()));
        if (call.equals("disconnected") || random.nextInt(4) == 0) {
            fields.put("bytes_in", pick("0", "1024", "-1", "99999999999999999999999", "1.5", "\"7\"", "null"));
            fields.put("bytes_out", pick("0", "2048", "-5", "1e3", "true"));
        }
        fuzzValues(fields);
        StringBuilder object = new StringBuilder("{");
        fields.forEach((key, value) -> object.append(object.length() > 1 ? "," : "").append(jsonString(key)).append(':')
                .append(key.startsWith("bytes_") ? value : jsonString(value)));
        String body = pick(object.append('}').toString(), object.toString(), json(), nasty(), "", "[" + object + "]",
                "{\"profile_id\":5,\"common_name\":[],\"originating_ip\":{}}");
        String type = random.nextInt(4) == 0 ? contentType() : "application/json";
        String method = random.nextInt(6) == 0 ? method() : "POST";
        String path = "/node/openvpn/" + URLEncoder.encode(call, StandardCharsets.UTF_8).replace("%2F", "/");
        var request = HttpRequest.newBuilder(URI.create(nodeListener + path)).header("Content-Type", type)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return new Attempt(method + " " + cut(path) + " (node certificate) as " + type + " " + cut(body), anonymous, request, node);
    }

    /** Registers a node through the admin API and enrolls it with the real agent's enroll command. */
    private void enrollANode() throws Exception {
        int port = system.nodePort().orElseThrow(() -> new AssertionError("the system has a node listener"));
        nodeListener = "https://127.0.0.1:" + port;
        nodeName = "fz-node-" + Long.toHexString(SEED & 0xffffff);
        var registered = admin("POST", "/api/admin/nodes", "{\"name\": \"" + nodeName
                + "\", \"agent_url\": \"https://127.0.0.1:9\", \"public_host\": \"192.0.2.9\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String token = VpnApp.jsonString(registered.body(), "enrollment_token").orElseThrow();
        Path dir = Files.createTempDirectory("tg-fuzz-node-");
        Path agentJar = Path.of(System.getProperty("tunnelgate.agent.jar", "../node-agent/target/tunnelgate-node-agent.jar"))
                .toAbsolutePath();
        Process enroll = new ProcessBuilder("java", "-jar", agentJar.toString(), "enroll", "--controller",
                system.httpsUrl("/").toString().replaceAll("/$", ""), "--token", token, "--config",
                dir.resolve("agent.properties").toString(), "--controller-ca", system.caFile().toString(),
                "--state-dir", dir.resolve("state").toString(), "--enroll-only").redirectErrorStream(true).start();
        String output = new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(enroll.waitFor()).as("enroll: %s", output).isZero();
        node = NodeCalls.of(dir, system.caFile());
        var heard = node.post(nodeListener + "/node/openvpn/authorize", "{\"profile_id\":\"employees\",\"common_name\":\"0123abcd\","
                + "\"originating_ip\":\"192.0.2.7\",\"ip_four\":\"\",\"ip_six\":\"\"}");
        assertThat(heard.statusCode()).as("the enrolled node is heard: %s", heard.body()).isEqualTo(200);
    }

    private java.net.http.HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return system.httpClient().send(
                HttpRequest.newBuilder(system.httpsUrl(path)).header("Authorization", adminBasic).header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The OpenVPN sessions of the connection log (only the nodes' calls home write them). */
    private static String openVpnSessions(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT CONCAT(COUNT(*), '/', COALESCE(BIT_XOR(CRC32(CONCAT_WS('|', id, disconnected_at,"
                     + " bytes_in, bytes_out))), 0)) FROM connection_log WHERE protocol = 'openvpn'")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    // ---- admin REST API ------------------------------------------------------------------------

    private Attempt adminApi() {
        String resource = pick("clients", "profiles", "nodes", "ping-nothing");
        // never an existing id: a well-formed DELETE or PUT of a seeded profile or node would be accepted
        String id = random.nextBoolean() ? "" : "/" + URLEncoder.encode("fuzz-" + nasty(), StandardCharsets.UTF_8).replace("+", "%20");
        String method = pick("GET", "POST", "PUT", "DELETE", method());
        String body = pick(json(), nasty(), "{\"profile_id\": " + nasty().length() + "}", "[".repeat(2000), "");
        String type = random.nextInt(3) == 0 ? contentType() : "application/json";
        String credentials = pick(adminBasic, adminBasic, "Basic " + nasty(), "Bearer " + accessToken);
        PortalClient client = random.nextInt(4) == 0 ? adminSession : anonymous;
        var request = HttpRequest.newBuilder(uri(client, "/api/admin/" + resource + id)).header("Content-Type", type)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        header(request, "Authorization", credentials);
        return new Attempt(method + " /api/admin/" + resource + cut(id) + " as " + type + " " + cut(body), client, request);
    }

    // ---- paths that layers read differently ------------------------------------------------------

    private Attempt strangePath() {
        String path = pick("/api/admin;x/clients", "/api;x/v3/info", "/api//admin/profiles", "/api/v3/../admin/nodes",
                "/api%2Fadmin/clients", "/%2e%2e/admin/users", "/admin;x/users", "/oauth/token;x", "/account/",
                "/x".repeat(3000), "/" + URLEncoder.encode(nasty(), StandardCharsets.UTF_8), "/api/v3/info%00",
                "/resources/../WEB-INF/web.xml", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/index.xhtml");
        PortalClient client = random.nextBoolean() ? adminSession : anonymous;
        String method = pick("GET", "POST", "DELETE", method());
        var request = HttpRequest.newBuilder(uri(client, path)).header("Content-Type", "text/plain")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"client_id\":\"x\"}"));
        header(request, "Authorization", random.nextBoolean() ? adminBasic : "Bearer " + accessToken);
        return new Attempt(method + " " + cut(path), client, request);
    }

    // ---- the nasty values ------------------------------------------------------------------------

    private String nasty() {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "x".repeat(5000);
            case 2 -> "y".repeat(70_000);
            case 3 -> "ünïcødé ☃ 😀 \u202e gnirts \u0301\u0301 中文";
            case 4 -> "nul\u0000byte";
            case 5 -> "ctrl\u0001\u001f\u007f";
            case 6 -> "line\r\nSet-Cookie: x=y";
            case 7 -> "' OR '1'='1' -- ;DROP TABLE account;";
            case 8 -> "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>";
            case 9 -> "%s%n%x%%00${jndi:ldap://127.0.0.1/x}#{7*7}";
            case 10 -> pick("-1", "0", "99999999999999999999999", "NaN", "1e309", "true", "null");
            case 11 -> "../../../../etc/passwd";
            case 12 -> "\uD800 lone surrogate";
            case 13 -> randomText(1 + random.nextInt(300));
            case 14 -> "{\"a\":[" + "1,".repeat(random.nextInt(500)) + "}";
            default -> "a=b&c=d;e";
        };
    }

    private String randomText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD7FF)));
        }
        return s.toString();
    }

    private String json() {
        return pick("{}", "[]", "null", "{\"client_id\": " + quoted() + ", \"display_name\": " + quoted()
                        + ", \"redirect_uris\": [" + quoted() + "]}",
                "{\"profile_id\": " + quoted() + ", \"display_name\": " + quoted() + ", \"protocols\": [" + quoted()
                        + "], \"nodes\": [\"local\"], \"max_portal_configurations\": " + pick("-1", "1e9", "\"5\"", "3") + "}",
                "{\"name\": " + quoted() + ", \"public_host\": " + quoted() + ", \"wireguard_public_key\": " + quoted() + "}",
                "{\"a\": {\"b\": " + "[".repeat(300) + "]".repeat(300) + "}}", "{\"unterminated\": \"");
    }

    private String quoted() {
        return "\"" + nasty().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String contentType() {
        return pick("text/plain", "application/json", "multipart/form-data; boundary=x", "application/xml",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "", "*/*", "application/x-www-form-urlencoded; a=\"b");
    }

    private String method() {
        return pick("PUT", "DELETE", "PATCH", "OPTIONS", "GET", "HEAD", "FOO");
    }

    private String query(String... names) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : names) {
            if (random.nextBoolean()) {
                p.put(name, nasty());
            }
        }
        String query = formBody(p);
        return random.nextInt(4) == 0 ? query + "&" + query : query; // duplicates
    }

    /** Changes some values, drops some keys, duplicates some, adds an unknown one. */
    private void fuzzValues(Map<String, String> p) {
        for (var entry : p.entrySet()) {
            if (random.nextInt(3) == 0) {
                entry.setValue(nasty());
            }
        }
        if (random.nextInt(4) == 0 && !p.isEmpty()) {
            p.remove(new ArrayList<>(p.keySet()).get(random.nextInt(p.size())));
        }
        if (random.nextInt(4) == 0) {
            p.put(nasty(), nasty());
        }
    }

    private String formBody(Map<String, String> fields) {
        String body = PortalClient.formEncode(fields);
        return random.nextInt(8) == 0 && !body.isEmpty() ? body + "&" + body : body; // duplicate parameters
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The hidden and visible fields of a form (names only matter; the values get fuzzed). */
    private static Map<String, String> formFields(String html, String formId) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher form = Pattern.compile("<form\\b[^>]*\\bid=\"" + Pattern.quote(formId) + "\"[^>]*>(.*?)</form>", Pattern.DOTALL)
                .matcher(html);
        if (!form.find()) {
            return fields;
        }
        Matcher input = Pattern.compile("<(?:input|select|textarea)\\b[^>]*\\bname=\"([^\"]*)\"[^>]*>").matcher(form.group(1));
        while (input.find()) {
            Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(input.group());
            fields.put(input.group(1).replace("&amp;", "&"), value.find() ? value.group(1).replace("&amp;", "&") : "");
        }
        return fields;
    }

    /** Sets a header when java.net.http can send its value at all (no control characters, Latin-1). */
    private static void header(HttpRequest.Builder request, String name, String value) {
        if (!value.isEmpty() && value.length() < 8000 && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c > 0xff)) {
            request.header(name, value);
        }
    }

    private static URI uri(PortalClient client, String path) {
        try {
            return client.resolve(path);
        } catch (IllegalArgumentException e) {
            return client.resolve("/" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        }
    }

    private static String cut(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}]", "·");
        return flat.length() > 160 ? flat.substring(0, 160) + "…(" + flat.length() + ")" : flat;
    }

    // ---- the database --------------------------------------------------------------------------

    /** One line per table: CHECKSUM TABLE, or for {@code account} a checksum without the login time. */
    private static String checksums(Connection db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                     + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (r.next()) {
                if (!WRITTEN_BY_REFUSALS.contains(r.getString(1))) {
                    tables.add(r.getString(1));
                }
            }
        }
        StringBuilder all = new StringBuilder();
        try (Statement s = db.createStatement()) {
            for (String table : tables) {
                String sql = table.equals("account")
                        ? "SELECT 'account', CONCAT(COUNT(*), '/', COALESCE(BIT_XOR(CRC32(CONCAT_WS('|', id, name, password_hash,"
                                + " role, enabled, session_epoch, issuing_serial, version))), 0)) FROM account"
                        : "CHECKSUM TABLE `" + table + "`";
                try (ResultSet r = s.executeQuery(sql)) {
                    r.next();
                    all.append(r.getString(1)).append('=').append(r.getString(2)).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static List<String> changedTables(String before, String after) {
        Set<String> old = Set.of(before.split("\n"));
        return after.lines().filter(line -> !old.contains(line)).map(line -> line.substring(0, line.indexOf('='))).toList();
    }
}
