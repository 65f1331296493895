package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin REST API takes only its own credentials (HTTP Basic of an admin), never the portal
 * session a browser carries — however the path is spelled (issue 7, gap 4: with an admin's
 * session, {@code POST /api/admin;x/clients} with a {@code text/plain} body, which any web page can
 * send cross-site, registered an OAuth client with an attacker's redirect URI).
 */
class AdminApiCredentialsIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    /** Spellings of /api/admin/clients that some layer reads as the admin API. */
    private static final List<String> TRICKS = List.of("/api/admin;x/clients", "/api;x/admin/clients",
            "/api/admin/clients;x", "/api/admin;jsessionid=1/clients", "/api%2Fadmin/clients", "/api/admin%2Fclients",
            "/api//admin/clients", "/api/v3/../admin/clients", "/api/./admin/clients", "/api/admin/%2e/clients");

    @Test
    void anAdminsBrowserSessionRegistersNoClientThroughAnySpellingOfThePath() throws Exception {
        PortalClient browser = accounts.admin();
        for (String path : TRICKS) {
            for (String type : List.of("text/plain", "application/json")) {
                String clientId = "org.attacker." + TestAccounts.uniqueName("x");
                var answer = browser.send(HttpRequest.newBuilder(URI.create(system.httpsUrl("/") + path.substring(1)))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(registration(clientId))));

                assertThat(answer.status()).as("%s (%s): %s", path, type, answer).isBetween(400, 499);
                assertThat(answer.body()).as(path).doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(clientRows(clientId)).as("client registered through %s (%s)", path, type).isZero();
            }
        }
    }

    @Test
    void anAdminsBrowserSessionDeletesNoClientThroughAnySpellingOfThePath() throws Exception {
        String clientId = "org.example." + TestAccounts.uniqueName("keep");
        var created = basic("POST", "/api/admin/clients", "application/json", registration(clientId));
        assertThat(created.status()).as("%s", created).isEqualTo(201);

        for (String trick : TRICKS) {
            String path = trick + "/" + clientId;
            var answer = accounts.admin().send(HttpRequest.newBuilder(URI.create(system.httpsUrl("/") + path.substring(1)))
                    .DELETE());
            assertThat(answer.status()).as("%s: %s", path, answer).isBetween(400, 499);
        }
        assertThat(clientRows(clientId)).isEqualTo(1);
        assertThat(basic("DELETE", "/api/admin/clients/" + clientId, null, null).status()).isEqualTo(204);
    }

    @Test
    void withItsOwnCredentialsTheAdminApiTakesOnlyJsonBodies() throws Exception {
        String clientId = "org.example." + TestAccounts.uniqueName("plain");

        var refused = basic("POST", "/api/admin/clients", "text/plain", registration(clientId));

        assertThat(refused.status()).as("%s", refused).isEqualTo(415);
        assertThat(clientRows(clientId)).isZero();
    }

    @Test
    void aBearerTokenIsNoCredentialForTheAdminApi() {
        var answer = new PortalClient(system.httpsUrl("/")).send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/clients"))
                .header("Authorization", "Bearer " + "A".repeat(43)));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
    }

    private PortalClient.Page basic(String method, String path, String type, String body) {
        var request = HttpRequest.newBuilder(system.httpsUrl(path)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            request.header("Content-Type", type);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return new PortalClient(system.httpsUrl("/")).send(request);
    }

    private static String registration(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"display_name\":\"Attacker\","
                + "\"redirect_uris\":[\"https://attacker.example/callback\"]}";
    }

    private int clientRows(String clientId) throws SQLException {
        try (var db = DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM oauth_client WHERE client_id = ?")) {
            count.setString(1, clientId);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
