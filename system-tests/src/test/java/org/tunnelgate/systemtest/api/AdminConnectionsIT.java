package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.LocalNodeClient.run;
import static org.tunnelgate.systemtest.api.LocalNodeClient.runWithInput;
import static org.tunnelgate.systemtest.api.LocalNodeClient.value;
import static org.tunnelgate.systemtest.api.LocalNodeClient.waitUntil;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.tunnelgate.systemtest.Chromium;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * The console's connections page and log lookup with a real session: a WireGuard client
 * (wireguard-go in the harness's client namespace) connects through the local node with a
 * configuration from the VPN API; the admin sees the session (user, profile, node, protocol,
 * addresses, since when, bytes) once reconciliation has seen its handshake, finds who had its IPv4
 * and its IPv6 address now, lists the person's sessions, and disconnects it in the browser — the
 * tunnel stops carrying traffic and the trail says who did it. Screenshots at 1280 and 390 px.
 */
class AdminConnectionsIT {

    /** How the console shows a time: "2 Dec 2026, 20:57:03 CET" — never an ISO string. */
    private static final String TIME = "\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}:\\d{2} \\S+";

    private static final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = system.httpClient();
    private final LocalNodeClient client = new LocalNodeClient(system, 'a');

    @Test
    void anAdminSeesALiveWireGuardSessionLooksUpItsAddressesAndDisconnectsIt() throws Exception {
        assertThat(system.hasLocalNode()).as("./tunnelgate start ran a local node (tests run as root)").isTrue();
        String user = Users.createUser(system, "watched");
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(Users.loggedIn(system, user));
        Path key = Files.createTempFile("tg-console", ".key");
        String privateKey = run("wg", "genkey").strip();
        Files.writeString(key, privateKey + "\n");
        String publicKey = runWithInput(privateKey + "\n", "wg", "pubkey").strip();
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", "employees", "public_key", publicKey), VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        String[] addresses = value(connect.body(), "Address").split(",");
        String ipv4 = addresses[0].trim().replaceFirst("/.*", "");
        String ipv6 = addresses[1].trim().replaceFirst("/.*", "");
        client.wireGuard(connect.body(), key);
        Files.deleteIfExists(key);
        assertThat(waitUntil(Duration.ofSeconds(20), () -> client.ping("10.43.0.1"))).as("the tunnel carries traffic").isTrue();

        try (var chromium = new Chromium(system)) {
            chromium.login(system.adminUser(), system.adminPassword());
            String live = "/admin/connections?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
            assertThat(waitUntil(Duration.ofSeconds(60), () -> {
                chromium.open(live);
                return !chromium.browser.findElements(By.cssSelector("#sessions tr.session")).isEmpty();
            })).as("reconciliation logged the session").isTrue();
            WebElement row = chromium.browser.findElement(By.cssSelector("#sessions tr.session"));
            assertThat(cell(row, "session-user")).isEqualTo(user);
            assertThat(cell(row, "session-profile")).isEqualTo("employees");
            assertThat(cell(row, "session-node")).isEqualTo("local");
            assertThat(cell(row, "session-protocol")).isEqualTo("WireGuard");
            assertThat(cell(row, "session-address")).contains(ipv4, ipv6);
            assertThat(cell(row, "session-origin")).isNotEqualTo("—");
            assertThat(cell(row, "session-since")).matches(TIME);
            assertThat(cell(row, "session-bytes")).matches("[0-9.]+ [KMG]?i?B / [0-9.]+ [KMG]?i?B");
            photograph(chromium, "connections");

            // who had the address now: typed into the lookup form, IPv4 and then IPv6
            for (String address : List.of(ipv4, ipv6)) {
                chromium.open("/admin/lookup");
                chromium.browser.findElement(By.id("address")).sendKeys(address);
                chromium.submit(chromium.browser.findElement(By.id("find-address")), "/admin/lookup");
                assertThat(chromium.browser.findElements(By.className("session-user"))).extracting(WebElement::getText)
                        .as("who had %s", address).containsExactly(user);
                assertThat(chromium.browser.findElement(By.id("question")).getText()).matches("Who had " + address + " at " + TIME);
            }
            photograph(chromium, "lookup");
            chromium.submit(chromium.browser.findElement(By.className("session-user")), "/admin/lookup");
            assertThat(chromium.browser.findElements(By.cssSelector("#sessions .session-until"))).extracting(WebElement::getText)
                    .containsExactly("still connected");

            assertThat(api("/api/admin/connections?address=" + ipv6).body()).contains("\"account\":\"" + user + "\"");
            assertThat(api("/api/admin/connections?user=" + user).body()).contains("\"account\":\"" + user + "\"");
            assertThat(api("/api/admin/connections/live?user=" + user + "&protocol=wireguard").body()).contains("\"ipv4\":\"" + ipv4 + "\"");
            assertThat(api("/api/admin/connections/live?protocol=carrier-pigeon").statusCode()).isEqualTo(400);
            assertThat(api("/api/admin/connections?address=not-an-address").statusCode()).isEqualTo(400);

            chromium.open(live);
            chromium.submit(chromium.browser.findElement(By.cssSelector("#sessions tr.session input[value=Disconnect]")),
                    "/admin/connections");
            assertThat(chromium.browser.findElement(By.id("messages")).getText()).contains("Disconnected " + user);
            assertThat(waitUntil(Duration.ofSeconds(10), () -> !client.ping("10.43.0.1"))).as("the node dropped the peer").isTrue();
            assertThat(waitUntil(Duration.ofSeconds(60), () -> {
                chromium.open(live);
                return chromium.browser.findElements(By.cssSelector("#sessions tr.session")).isEmpty();
            })).as("the session ended in the log").isTrue();
            chromium.open("/admin/audit?action=connection.");
            assertThat(chromium.browser.findElements(By.cssSelector("#entries tr.entry")).get(0).getText())
                    .contains("connection.disconnect", system.adminUser(), "done");
        }
    }

    @AfterEach
    void dropTheClient() {
        client.close();
    }

    private static String cell(WebElement row, String cellClass) {
        return row.findElement(By.className(cellClass)).getText();
    }

    private static void photograph(Chromium chromium, String page) {
        chromium.screenshot("admin-" + page + "-1280");
        chromium.width(390);
        try {
            assertThat(chromium.overflowsHorizontally()).as("%s wider than a 390 px phone: %s", page, chromium.overflowingElements()).isFalse();
            chromium.screenshot("admin-" + page + "-390");
        } finally {
            chromium.width(1280);
        }
    }

    private HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(system.httpsUrl(path)).GET()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
