package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every page and API is served over HTTPS only. Plain HTTP redirects a page fetch to the same
 * address on HTTPS, refuses anything that sends data or credentials (without ever checking the
 * credentials), and answers only the load balancers' health checks itself. A TLS-terminating proxy
 * is believed only when it is on TUNNELGATE_TRUSTED_PROXIES (the harness trusts ::1).
 */
class HttpsOnlyIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aPageOpenedOverPlainHttpIsRedirectedToTheSamePageAndQueryOnHttps() throws Exception {
        var response = send(HttpRequest.newBuilder(system.plainHttpUrl("/login?lang=en")).GET());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue(system.httpsUrl("/login?lang=en").toString());
        var followed = system.httpClient().send(HttpRequest.newBuilder(URI.create(response.headers()
                .firstValue("Location").orElseThrow())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).contains("login:name");
    }

    @Test
    void theAppsDiscoveryOverPlainHttpIsRedirectedToHttps() throws Exception {
        var response = send(HttpRequest.newBuilder(system.plainHttpUrl("/.well-known/vpn-user-portal")).GET());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue(system.httpsUrl("/.well-known/vpn-user-portal").toString());
        assertThat(response.body()).doesNotContain("api_endpoint");
    }

    @Test
    void aLoginFormPostedOverPlainHttpIsRefusedWithTheHttpsAddressAndLogsNobodyIn() throws Exception {
        String name = accounts.newUser("plain-post");
        var response = send(HttpRequest.newBuilder(system.plainHttpUrl("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(
                        Map.of("login:name", name, "login:password", TestAccounts.PASSWORD)))));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("only over HTTPS").contains(system.httpsUrl("/login").toString());
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(lastLogin(name)).as("nobody logged in").isNull();
    }

    @Test
    void anApiCallWithATokenOverPlainHttpIsRefusedAsJson() throws Exception {
        var response = send(HttpRequest.newBuilder(system.plainHttpUrl("/api/v3/connect"))
                .header("Authorization", "Bearer some-access-token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("profile_id=employees")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"error\":\"Credentials are accepted only over HTTPS");
    }

    @Test
    void adminBasicCredentialsOverPlainHttpAreRefusedWithoutEverBeingChecked() throws Exception {
        String name = accounts.newUser("plain-basic");
        for (int attempt = 0; attempt < 8; attempt++) {
            var wrong = send(HttpRequest.newBuilder(system.plainHttpUrl("/api/admin/ping"))
                    .header("Authorization", basic(name, "wrong password " + attempt)));
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).as("no challenge: nothing was checked").isEmpty();
            assertThat(wrong.body()).contains("not checked");
        }
        var right = send(HttpRequest.newBuilder(system.plainHttpUrl("/api/admin/ping"))
                .header("Authorization", basic(system.adminUser(), system.adminPassword())));
        assertThat(right.statusCode()).as("the right admin password gets the same answer").isEqualTo(403);
        assertThat(right.body()).contains("not checked");

        assertThat(failedLogins(name)).as("no attempt over HTTP was counted").isZero();
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status())
                .as("eight wrong passwords over HTTP locked nothing").isEqualTo(200);
        // the same wrong password over HTTPS is checked, and counted
        send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/ping")).header("Authorization", basic(name, "wrong")), true);
        assertThat(failedLogins(name)).isEqualTo(1);
    }

    @Test
    void onlyTheHealthChecksAnswerOverPlainHttp() throws Exception {
        for (String path : new String[] {"/health/ready", "/health/live"}) {
            var response = send(HttpRequest.newBuilder(system.plainHttpUrl(path)).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
        for (String path : new String[] {"/health", "/metrics", "/openapi", "/resources/css/portal.css"}) {
            assertThat(send(HttpRequest.newBuilder(system.plainHttpUrl(path)).GET()).statusCode()).as(path).isEqualTo(301);
        }
    }

    @Test
    void aTrustedTlsTerminatingProxyIsBelievedItsPagesGetHstsAndASecureSessionCookie() throws Exception {
        // ::1 is on TUNNELGATE_TRUSTED_PROXIES: it speaks plain HTTP to Payara, as such a proxy does
        var viaProxy = send(HttpRequest.newBuilder(URI.create("http://[::1]:" + system.plainHttpPort() + "/login"))
                .header("X-Forwarded-Proto", "https").GET());

        assertThat(viaProxy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(viaProxy.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                assertThat(cookie).contains("Secure").contains("HttpOnly"));
    }

    @Test
    void aTrustedProxyThatSaysPlainHttpIsRedirectedToHttpsOnItsStandardPort() throws Exception {
        var viaProxy = send(HttpRequest.newBuilder(URI.create("http://[::1]:" + system.plainHttpPort() + "/login"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "vpn.example.org").GET());

        assertThat(viaProxy.statusCode()).isEqualTo(301);
        assertThat(viaProxy.headers().firstValue("Location")).hasValue("https://vpn.example.org/login");
    }

    @Test
    void anUntrustedClientClaimingHttpsInAHeaderIsStillRedirected() throws Exception {
        var response = send(HttpRequest.newBuilder(system.plainHttpUrl("/login"))
                .header("X-Forwarded-Proto", "https").header("Forwarded", "proto=https").GET());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return send(request, false);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean overHttps) throws Exception {
        HttpClient client = overHttps ? system.httpClient() : plain;
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private long failedLogins(String name) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement("SELECT COUNT(*) FROM login_failure WHERE account_name = ?")) {
            query.setString(1, name);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Object lastLogin(String name) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement("SELECT last_login_at FROM account WHERE name = ?")) {
            query.setString(1, name);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getObject(1);
            }
        }
    }
}
