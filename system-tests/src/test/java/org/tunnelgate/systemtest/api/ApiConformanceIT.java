package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.form;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;
import org.tunnelgate.systemtest.TestNetworks;

/**
 * The API half of the contract ({@code api-v3.md} §3–5): {@code /info}, {@code /connect} and
 * {@code /disconnect} as the apps call them, checking status, exact headers and body, every row of
 * the error table, and that refused requests change nothing.
 */
class ApiConformanceIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private static final Pattern WIREGUARD_CONFIG = Pattern.compile(
            "\\[Interface]\nAddress = (10\\.43\\.\\d+\\.\\d+)/22, fd43::[0-9a-f:]+/64\nDNS = 9\\.9\\.9\\.9, 2620:fe::fe\n\n"
            + "\\[Peer]\nPublicKey = [A-Za-z0-9+/]{43}=\nAllowedIPs = 0\\.0\\.0\\.0/0, ::/0\nEndpoint = [^\\s:]+:51820\n?");
    private static final Pattern HTTP_DATE = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    private static String user;
    private static PortalClient browser;

    @BeforeAll
    static void aPersonIsLoggedIn() {
        user = Users.createUser(system, "api");
        browser = Users.loggedIn(system, user);
    }

    private static VpnApp.Tokens newApp(VpnApp app) {
        return app.authorize(browser);
    }

    @Test
    void infoListsExactlyTheProfilesThePersonMayUseInTheContractShape() {
        VpnApp app = new VpnApp(system);
        HttpResponse<String> info = app.info(newApp(app).accessToken());

        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("Content-Type")).hasValue("application/json");
        String employees = "{\"profile_id\":\"employees\",\"display_name\":\"Employees\",\"vpn_proto_list\":[\"wireguard\",\"openvpn\"],"
                + "\"vpn_proto_transport_list\":[\"wireguard+udp\",\"openvpn+udp\",\"openvpn+tcp\"],\"default_gateway\":true}";
        String tcp = "{\"profile_id\":\"openvpn-tcp\",\"display_name\":\"Restrictive networks (OpenVPN over TCP 443)\","
                + "\"vpn_proto_list\":[\"openvpn\"],\"vpn_proto_transport_list\":[\"openvpn+tcp\"],\"default_gateway\":true}";
        assertThat(info.body()).startsWith("{\"info\":{\"profile_list\":[").endsWith("]}}")
                .contains(employees).contains(tcp).doesNotContain("admins-wg");
        assertThat(info.body().indexOf(employees)).isLessThan(info.body().indexOf(tcp));
    }

    @Test
    void anAdministratorAlsoSeesTheAdminProfileWithItsSearchDomains() {
        PortalClient admin = new PortalClient(system.httpsUrl("/"), Users.http11());
        admin.login(system.adminUser(), system.adminPassword());
        VpnApp app = new VpnApp(system);
        HttpResponse<String> info = app.info(app.authorize(admin).accessToken());

        assertThat(info.body()).contains("{\"profile_id\":\"admins-wg\",\"display_name\":\"Admins (WireGuard)\","
                + "\"vpn_proto_list\":[\"wireguard\"],\"vpn_proto_transport_list\":[\"wireguard+udp\"],\"default_gateway\":false,"
                + "\"dns_search_domain_list\":[\"corp.example\"]}");
    }

    @Test
    void connectWithOneAcceptLineGivesAWireGuardConfigWithExactHeaders() {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();
        Instant authorizedAround = Instant.now();

        HttpResponse<String> response = app.connect(token,
                form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey()),
                VpnApp.WIREGUARD + ", " + VpnApp.OPENVPN);

        assertWireGuard(response);
        assertExpiresAbout(response, authorizedAround.plus(Duration.ofDays(90)));
    }

    @Test
    void severalAcceptLinesAreMergedLikeTheClientLibrarySendsThem() {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();

        HttpResponse<String> response = app.connect(token,
                form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey()),
                VpnApp.OPENVPN, VpnApp.WIREGUARD);

        assertWireGuard(response);
    }

    @Test
    void withoutAcceptBothAreSupportedAndTheProfilePreferenceWins() {
        VpnApp app = new VpnApp(system);
        HttpResponse<String> response = app.connect(newApp(app).accessToken(),
                form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey()));
        assertWireGuard(response);
    }

    @Test
    void anOpenVpnOnlyAppGetsAnInlineOpenVpnConfig() {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();

        HttpResponse<String> udpFirst = app.connect(token, form("profile_id", "employees"), VpnApp.OPENVPN);
        assertThat(udpFirst.statusCode()).as(udpFirst.body()).isEqualTo(200);
        assertThat(udpFirst.headers().allValues("Content-Type")).containsExactly(VpnApp.OPENVPN);
        assertThat(udpFirst.headers().firstValue("Expires")).hasValueSatisfying(e -> assertThat(e).matches(HTTP_DATE));
        assertThat(udpFirst.body()).contains("client", "dev tun", "remote-cert-tls server", "tls-version-min 1.3",
                "<ca>", "</ca>", "<cert>", "</cert>", "<key>", "</key>", "<tls-crypt>", "</tls-crypt>");
        assertThat(remotes(udpFirst.body()).get(0)).endsWith(" udp");

        HttpResponse<String> tcpFirst = app.connect(token, form("profile_id", "employees", "prefer_tcp", "yes"), VpnApp.OPENVPN);
        assertThat(tcpFirst.statusCode()).as(tcpFirst.body()).isEqualTo(200);
        assertThat(remotes(tcpFirst.body()).get(0)).endsWith(" tcp");
    }

    @Test
    void anAppWithoutPublicKeyGetsOpenVpnEvenIfItAcceptsWireGuard() {
        VpnApp app = new VpnApp(system);
        HttpResponse<String> response = app.connect(newApp(app).accessToken(), form("profile_id", "employees"),
                VpnApp.WIREGUARD, VpnApp.OPENVPN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("Content-Type")).containsExactly(VpnApp.OPENVPN);
    }

    @Test
    void everyRowOfTheErrorTableIsAJsonErrorAndChangesNothing() throws Exception {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();
        String key = VpnApp.wireGuardPublicKey();
        long before = configurationsOf(user);

        assertApiError(app.connect(token, form("public_key", key)), 400);
        assertApiError(app.connect(token, form("profile_id", "")), 400);
        assertApiError(app.connect(token, form("profile_id", "../employees")), 400);
        assertApiError(app.connect(token, form("profile_id", "employees", "public_key", "not-a-key")), 400);
        assertApiError(app.connect(token, form("profile_id", "employees", "public_key", key.substring(1))), 400);
        assertApiError(app.connect(token, form("profile_id", "employees", "prefer_tcp", "maybe")), 400);
        assertApiError(app.connect(token, form("profile_id", "employees", "tcp_only", "yes")), 400);
        assertApiError(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("profile_id=employees&profile_id=admins-wg"))), 400);
        assertApiError(app.connect(token, form("profile_id", "no-such-profile")), 404);
        assertApiError(app.connect(token, form("profile_id", "admins-wg", "public_key", key)), 404);
        assertApiError(app.connect(token, form("profile_id", "employees"), VpnApp.WIREGUARD), 406);
        assertApiError(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"profile_id\":\"employees\"}"))), 415);
        assertApiError(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("profile_id=employees&x=" + "a".repeat(1 << 20)))), 413);
        for (String injection : List.of("' OR '1'='1", "employees'; DELETE FROM vpn_configuration; --", "<script>x</script>",
                "${jndi:ldap://x}", "%00", "employees\r\nX-Injected: 1", "\u0000")) {
            HttpResponse<String> r = app.connect(token, form("profile_id", injection, "public_key", injection, "prefer_tcp", injection));
            assertThat(r.statusCode()).as(injection).isEqualTo(400);
            assertThat(r.headers().firstValue("X-Injected")).isEmpty();
            assertThat(VpnApp.jsonString(r.body(), "error")).as(r.body()).isPresent();
        }

        assertThat(configurationsOf(user)).isEqualTo(before);
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrorsToo() {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();
        HttpResponse<String> get = app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                .header("Authorization", "Bearer " + token).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("\"error\"");
        HttpResponse<String> unknown = app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/nothing-here"))
                .header("Authorization", "Bearer " + token).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\"");
    }

    @Test
    void aProfileWithNoFreeAddressAnswers503AndTheEarlierConfigurationStays() throws Exception {
        String person = Users.createUser(system, "capacity");
        PortalClient own = Users.loggedIn(system, person);
        String profileId = "tiny-" + VpnApp.random(4).replaceAll("[^A-Za-z0-9]", "x").toLowerCase();
        TestNetworks slot = TestNetworks.next();
        String profile = "{\"profile_id\":\"" + profileId + "\",\"display_name\":\"One address\",\"protocols\":[\"wireguard\"],"
                + "\"wireguard\":{\"ipv4_range\":\"" + slot.ipv4(30) + "\",\"ipv6_range\":\"" + slot.ipv6(126) + "\","
                + "\"port\":" + slot.wireGuardPort() + "},\"dns_servers\":[\"9.9.9.9\"],\"default_gateway\":true,"
                + "\"permissions\":[\"" + person + "\"],\"nodes\":[\"local\"]}";
        HttpResponse<String> created = new VpnApp(system).send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/profiles"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(profile)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        VpnApp first = new VpnApp(system);
        String firstToken = first.authorize(own).accessToken();
        // the new profile's interface reaches the node with the next health probe (every 3 s): until the
        // node has reported its key, nothing can be placed there
        HttpResponse<String> taken;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            taken = first.connect(firstToken, form("profile_id", profileId, "public_key", VpnApp.wireGuardPublicKey()),
                    VpnApp.WIREGUARD);
            if (taken.statusCode() == 503) {
                Thread.sleep(500);
            }
        } while (taken.statusCode() == 503 && System.nanoTime() < deadline);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        VpnApp second = new VpnApp(system);
        HttpResponse<String> full = second.connect(second.authorize(own).accessToken(),
                form("profile_id", profileId, "public_key", VpnApp.wireGuardPublicKey()), VpnApp.WIREGUARD);

        assertApiError(full, 503);
        assertThat(configurationsOf(person)).isEqualTo(1);
    }

    @Test
    void disconnectFreesTheAddressAndConnectingAgainReplacesTheConfiguration() throws Exception {
        VpnApp app = new VpnApp(system);
        String token = newApp(app).accessToken();
        String first = address(app.connect(token, form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey())));
        assertThat(holders(first)).isEqualTo(1);

        String second = address(app.connect(token, form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey())));
        assertThat(holders(first) + holders(second)).as("one configuration per authorization").isEqualTo(1);

        HttpResponse<String> disconnect = app.disconnect(token);
        assertThat(disconnect.statusCode()).isEqualTo(204);
        assertThat(disconnect.body()).isEmpty();
        assertThat(holders(second)).isZero();
        assertThat(app.disconnect(token).statusCode()).as("idempotent").isEqualTo(204);
    }

    @Test
    void revokingTheAppRemovesItsConfiguration() throws Exception {
        String person = Users.createUser(system, "revoke-config");
        PortalClient own = Users.loggedIn(system, person);
        VpnApp app = new VpnApp(system);
        String token = app.authorize(own).accessToken();
        String address = address(app.connect(token, form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey())));
        PortalClient.Page account = own.open("/account");

        own.submit(account, "applications", Map.of(), "applications:app:0:revoke");

        assertThat(holders(address)).isZero();
        assertThat(app.connect(token, form("profile_id", "employees")).statusCode()).isEqualTo(401);
    }

    static void assertWireGuard(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("Content-Type")).containsExactly(VpnApp.WIREGUARD);
        assertThat(response.headers().firstValue("Expires")).hasValueSatisfying(e -> assertThat(e).matches(HTTP_DATE));
        assertThat(response.body()).matches(WIREGUARD_CONFIG).doesNotContain("PrivateKey");
    }

    static void assertExpiresAbout(HttpResponse<String> response, Instant expected) {
        Instant expires = ZonedDateTime.parse(response.headers().firstValue("Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(expected, expires).abs()).isLessThan(Duration.ofMinutes(5));
    }

    static void assertApiError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(VpnApp.jsonString(response.body(), "error")).as(response.body()).isPresent();
    }

    static String address(HttpResponse<String> response) {
        assertWireGuard(response);
        Matcher m = WIREGUARD_CONFIG.matcher(response.body());
        assertThat(m.matches()).isTrue();
        return m.group(1);
    }

    static List<String> remotes(String openVpnConfig) {
        return openVpnConfig.lines().filter(l -> l.startsWith("remote ")).toList();
    }

    static long holders(String ipv4) throws Exception {
        try (var db = Users.database(system);
             PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM vpn_configuration WHERE ipv4 = ? AND profile_id = 'employees'")) {
            q.setString(1, ipv4);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long configurationsOf(String accountName) throws Exception {
        try (var db = Users.database(system);
             PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM vpn_configuration c JOIN account a ON a.id = c.account_id WHERE a.name = ?")) {
            q.setString(1, accountName);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
