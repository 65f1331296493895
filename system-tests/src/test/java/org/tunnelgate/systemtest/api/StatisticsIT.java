package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.LocalNodeClient.run;
import static org.tunnelgate.systemtest.api.LocalNodeClient.runWithInput;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.tunnelgate.systemtest.Chromium;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * The statistics carry real sessions (issue 12): a WireGuard client connects through the local
 * node with a configuration from the VPN API and keeps its tunnel busy until the cluster's
 * {@code stats-sample} job (one run per 5-minute period, on whichever instance holds the lease) has
 * sampled it. Then the admin REST API, the statistics page's charts and the CSV export all show a
 * connection of the profile in the latest sample and a user of the profile today. Nothing is written
 * into the database by the test: the numbers come from the connection log that reconciliation fills.
 */
class StatisticsIT {

    /** One sample period of the job and the time reconciliation takes to log the session. */
    private static final Duration NEXT_SAMPLE = Duration.ofMinutes(7);
    private static final Pattern SAMPLE = Pattern.compile(
            "\\{\"at\":\"([^\"]+)\",\"profile_id\":\"employees\",\"node\":\"local\",\"connections\":(\\d+)}");

    private static final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = system.httpClient();
    private final LocalNodeClient client = new LocalNodeClient(system, 's');

    @Test
    void aLiveSessionShowsInTheSamplesTheDailyFiguresTheChartsAndTheCsv() throws Exception {
        assertThat(system.hasLocalNode()).as("./tunnelgate start ran a local node (tests run as root)").isTrue();
        String user = Users.createUser(system, "counted");
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(Users.loggedIn(system, user));
        Path key = Files.createTempFile("tg-stats", ".key");
        String privateKey = run("wg", "genkey").strip();
        Files.writeString(key, privateKey + "\n");
        String publicKey = runWithInput(privateKey + "\n", "wg", "pubkey").strip();
        var connect = app.connect(tokens.accessToken(), Map.of("profile_id", "employees", "public_key", publicKey), VpnApp.WIREGUARD);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        client.wireGuard(connect.body(), key);
        Files.deleteIfExists(key);
        assertThat(LocalNodeClient.waitUntil(Duration.ofSeconds(20), () -> client.ping("10.43.0.1")))
                .as("the tunnel carries traffic").isTrue();
        assertThat(LocalNodeClient.waitUntil(Duration.ofSeconds(60), () -> {
            client.ping("10.43.0.1");
            return body("/api/admin/connections/live?user=" + user).contains("\"account\":\"" + user + "\"");
        })).as("reconciliation logged the session").isTrue();
        Instant logged = Instant.now();

        // the tunnel stays busy (a handshake younger than 3 minutes counts as connected) until a
        // sample taken after the session was logged counts it
        Instant deadline = logged.plus(NEXT_SAMPLE);
        Optional<Integer> counted = Optional.empty();
        while (counted.isEmpty() && Instant.now().isBefore(deadline)) {
            client.ping("10.43.0.1");
            counted = connectionsSampledAfter(api("/api/admin/statistics?hours=1").body(), logged);
            if (counted.isEmpty()) {
                Thread.sleep(5000);
            }
        }
        assertThat(counted).as("a stats-sample run after %s counted the session", logged)
                .hasValueSatisfying(n -> assertThat(n).isPositive());
        String figures = api("/api/admin/statistics?days=1&hours=1").body();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Matcher day = Pattern.compile("\\{\"day\":\"" + today + "\",\"profile_id\":\"employees\",\"unique_users\":(\\d+),"
                + "\"max_concurrent\":(\\d+)}").matcher(figures);
        assertThat(day.find()).as("today's figures for employees in %s", figures).isTrue();
        assertThat(Integer.parseInt(day.group(1))).as("unique users today").isPositive();
        assertThat(Integer.parseInt(day.group(2))).as("most concurrent connections today").isPositive();

        try (var chromium = new Chromium(system)) {
            chromium.login(system.adminUser(), system.adminPassword());
            chromium.open("/admin/statistics");
            assertThat(LocalNodeClient.waitUntil(Duration.ofSeconds(30), () -> chromium.browser
                    .findElements(By.cssSelector("canvas[data-chart]")).stream()
                    .allMatch(c -> "true".equals(c.getAttribute("data-drawn"))))).as("the charts drawn").isTrue();
            assertThat(series(chromium, "chart-live")).as("live connections of employees, oldest first")
                    .isNotEmpty().last().satisfies(n -> assertThat(n).isPositive());
            assertThat(series(chromium, "chart-users")).as("daily unique users of employees")
                    .isNotEmpty().last().satisfies(n -> assertThat(n).isPositive());
            assertThat(series(chromium, "chart-concurrent")).as("daily most concurrent connections of employees")
                    .isNotEmpty().last().satisfies(n -> assertThat(n).isPositive());
            chromium.screenshot("admin-statistics-with-samples-1280");
        }

        String daily = csv("daily");
        assertThat(daily).containsPattern("(?m)^" + today + ",employees,[1-9]\\d*,[1-9]\\d*\r?$");
        String live = csv("live");
        List<String> employees = live.lines().filter(l -> l.contains(",employees,")).toList();
        assertThat(employees).as("live rows of employees in\n%s", live).isNotEmpty();
        assertThat(employees.get(employees.size() - 1)).matches(".*,employees,[1-9]\\d*");
    }

    @AfterEach
    void dropTheClient() {
        client.close();
    }

    /** The connections of employees on the local node in the newest sample taken after {@code after}. */
    static Optional<Integer> connectionsSampledAfter(String statistics, Instant after) {
        Matcher sample = SAMPLE.matcher(statistics);
        Optional<Integer> newest = Optional.empty();
        Instant newestAt = after;
        while (sample.find()) {
            Instant at = Instant.parse(sample.group(1));
            if (at.isAfter(newestAt)) {
                newestAt = at;
                newest = Optional.of(Integer.parseInt(sample.group(2)));
            }
        }
        return newest;
    }

    /** The chart's values for employees, as the page hands them to Chart.js. */
    @SuppressWarnings("unchecked")
    private static List<Long> series(Chromium chromium, String canvas) {
        Object data = ((JavascriptExecutor) chromium.browser).executeScript(
                "var chart = JSON.parse(document.getElementById(arguments[0]).getAttribute('data-chart'));"
                        + " var set = chart.data.datasets.find(function (d) { return d.label === 'employees'; });"
                        + " return set ? set.data : [];", canvas);
        return (List<Long>) data;
    }

    /** The page's CSV export, as a signed-in admin's browser gets it. */
    private static String csv(String data) {
        var admin = new PortalClient(system.httpsUrl("/"));
        admin.login(system.adminUser(), system.adminPassword());
        var page = admin.get("/admin/statistics.csv?data=" + data);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** {@link #api} for a condition that is polled (no checked exceptions there). */
    private String body(String path) {
        try {
            return api(path).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(system.httpsUrl(path)).GET()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
