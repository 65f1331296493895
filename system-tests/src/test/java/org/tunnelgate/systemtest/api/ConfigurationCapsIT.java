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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * The per-account caps hold when one person sends many requests at once (issue 7, gaps 5 and 6:
 * 50 parallel {@code /connect}s left one user with 10 to 19 app configurations, and portal
 * configurations had no cap at all, so one person could empty a profile's address pool).
 */
class ConfigurationCapsIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    /** tunnelgate.api.max-active-configurations, default */
    private static final int APP_CAP = 3;
    /** the example profile "employees" sets no max_portal_configurations: the default */
    private static final int PORTAL_CAP = 5;
    private static final int PARALLEL = 50;

    @Test
    void fiftyParallelConnectsOfOnePersonLeaveExactlyTheAppCap() throws Exception {
        String name = Users.createUser(system, "parallel-apps");
        PortalClient browser = Users.loggedIn(system, name);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // ten apps of one person, five calls each
            tokens.add(new VpnApp(system).authorize(browser).accessToken());
        }
        HttpClient http = system.httpClientBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(90)).build();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                    .header("Authorization", "Bearer " + tokens.get(i % tokens.size()))
                    .header("Accept", VpnApp.WIREGUARD)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(
                            form("profile_id", "employees", "public_key", VpnApp.wireGuardPublicKey()))))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        for (var call : calls) {
            assertThat(call.join().statusCode()).as(call.join().body()).isEqualTo(200);
        }
        assertThat(configurations(name, true)).as("app configurations of %s", name).isEqualTo(APP_CAP);
        assertSomebodyElseStillConnects();
    }

    @Test
    void fiftyParallelPortalCreatesOfOnePersonLeaveExactlyTheProfilesCap() throws Exception {
        String name = Users.createUser(system, "parallel-portal");
        // 10 sessions with 5 forms each (a session keeps only so many views)
        List<PortalClient> sessions = new ArrayList<>();
        List<PortalClient.Page> forms = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            PortalClient session = Users.loggedIn(system, name);
            sessions.add(session);
            for (int f = 0; f < PARALLEL / 10; f++) {
                forms.add(session.open("/configurations"));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PortalClient.Page>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < PARALLEL; i++) {
                PortalClient session = sessions.get(i / (PARALLEL / 10));
                PortalClient.Page page = forms.get(i);
                String device = "device " + i;
                Callable<PortalClient.Page> create = () -> {
                    start.await();
                    return session.submit(page, "create", Map.of("create:choice", "employees|wireguard",
                            "create:name", device), "create:submit");
                };
                answers.add(pool.submit(create));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<PortalClient.Page> answer : answers) {
                PortalClient.Page page = answer.get();
                if (page.status() == 200 && page.body().contains("Your new WireGuard configuration")) {
                    created++;
                } else {
                    assertThat(page.status()).as("%s", page).isEqualTo(400);
                    assertThat(page.body()).contains("the most allowed");
                    refused++;
                }
            }
            assertThat(created).isEqualTo(PORTAL_CAP);
            assertThat(refused).isEqualTo(PARALLEL - PORTAL_CAP);
        } finally {
            pool.shutdownNow();
        }
        assertThat(configurations(name, false)).as("portal configurations of %s", name).isEqualTo(PORTAL_CAP);
        assertSomebodyElseStillConnects();
    }

    private static void assertSomebodyElseStillConnects() {
        String other = Users.createUser(system, "bystander");
        VpnApp app = new VpnApp(system);
        String token = app.authorize(Users.loggedIn(system, other)).accessToken();
        HttpResponse<String> connect = app.connect(token, form("profile_id", "employees", "public_key",
                VpnApp.wireGuardPublicKey()), VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        assertThat(connect.body()).contains("Address = ");
        app.disconnect(token);
    }

    private static int configurations(String name, boolean ofApps) throws Exception {
        try (var db = Users.database(system);
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM vpn_configuration c JOIN account a "
                     + "ON a.id = c.account_id WHERE a.name = ? AND c.authorization_id IS " + (ofApps ? "NOT NULL" : "NULL"))) {
            count.setString(1, name);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
