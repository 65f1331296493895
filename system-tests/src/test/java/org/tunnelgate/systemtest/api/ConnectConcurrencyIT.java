package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.form;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * 200 apps of 200 people call {@code /connect} at the same instant: every one gets a WireGuard
 * configuration and no address is handed out twice.
 */
class ConnectConcurrencyIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private static final int APPS = 200;
    private static final Pattern ADDRESS = Pattern.compile("Address = (10\\.43\\.[0-9.]+)/22, (fd43::[0-9a-f:]+)/64");

    @Test
    void twoHundredSimultaneousConnectsNeverShareAnAddress() throws Exception {
        List<String> tokens = twoHundredAuthorizedApps();
        VpnApp app = new VpnApp(system);
        // one connection per call, as 200 separate apps would have (not 200 streams of one HTTP/2 connection);
        // 200 TLS handshakes at once on a busy 2-core machine can take longer than the usual 10 s
        // connect timeout, which is not what this test is about
        HttpClient http = system.httpClientBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(90)).build();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (String token : tokens) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", VpnApp.WIREGUARD)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(
                            form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey()))))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        Set<String> ipv4 = new HashSet<>();
        Set<String> ipv6 = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Matcher m = ADDRESS.matcher(response.body());
            assertThat(m.find()).as(response.body()).isTrue();
            assertThat(ipv4.add(m.group(1))).as("IPv4 %s handed out twice", m.group(1)).isTrue();
            assertThat(ipv6.add(m.group(2))).as("IPv6 %s handed out twice", m.group(2)).isTrue();
        }
        assertThat(ipv4).hasSize(APPS);
        try (var db = Users.database(system);
             ResultSet duplicates = db.createStatement().executeQuery(
                     "SELECT ipv4 FROM vpn_configuration WHERE ipv4 IS NOT NULL GROUP BY profile_id, ipv4 HAVING COUNT(*) > 1")) {
            assertThat(duplicates.next()).as("duplicate address in the database").isFalse();
        }

        for (String token : tokens) {
            assertThat(app.disconnect(token).statusCode()).isEqualTo(204);
        }
    }

    /**
     * One real account made through the launcher, 199 more cloned from it in the database (same
     * password hash), then the real OAuth flow for each: login, consent, code exchange.
     */
    private static List<String> twoHundredAuthorizedApps() throws Exception {
        String template = Users.createUser(system, "crowd");
        List<String> names = new ArrayList<>(List.of(template));
        try (var db = Users.database(system);
             PreparedStatement clone = db.prepareStatement("INSERT INTO account (name, password_hash, role, enabled, created_at, version)"
                     + " SELECT ?, password_hash, 'USER', TRUE, UTC_TIMESTAMP(6), 0 FROM account WHERE name = ?")) {
            for (int i = 1; i < APPS; i++) {
                String name = template + "-" + i;
                clone.setString(1, name);
                clone.setString(2, template);
                assertThat(clone.executeUpdate()).isEqualTo(1);
                names.add(name);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> authorized = new ArrayList<>();
            for (String name : names) {
                authorized.add(pool.submit(() -> new VpnApp(system).authorize(Users.loggedIn(system, name)).accessToken()));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> token : authorized) {
                tokens.add(token.get());
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }
}
