package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.assertInvalidToken;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.assertOAuthError;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/** Operator-registered OAuth clients through {@code /api/admin/clients}, and using one end to end. */
class OAuthClientsAdminIT {

    private static final SystemUnderTest system = SystemUnderTest.get();

    private final VpnApp http = new VpnApp(system);

    @Test
    void aRegisteredConfidentialClientCanBeAuthorizedAndNeedsItsSecretAtTheTokenEndpoint() {
        String clientId = "org.example.vpn-" + VpnApp.random(4).replaceAll("[^A-Za-z0-9]", "x").toLowerCase();
        String secret = "s3cret-" + VpnApp.random(16);
        HttpResponse<String> created = admin("POST", "/api/admin/clients", "{\"client_id\":\"" + clientId + "\","
                + "\"display_name\":\"Example VPN\",\"redirect_uris\":[\"org.example.vpn:/callback\"],\"client_secret\":\"" + secret + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"confidential\":true").doesNotContain(secret);
        assertThat(admin("GET", "/api/admin/clients", null).body()).contains(clientId).contains("org.eduvpn.app.linux");

        VpnApp app = new VpnApp(system, clientId, "org.example.vpn:/callback");
        PortalClient browser = Users.loggedIn(system, Users.createUser(system, "custom"));
        assertThat(app.consentPage(browser).body()).contains("Example VPN");
        URI back = app.approve(browser);
        String code = VpnApp.query(back, "code").orElseThrow();

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", app.redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", app.verifier);
        assertOAuthError(app.token(form), 401, "invalid_client");
        form.put("client_secret", "wrong-" + secret);
        assertOAuthError(app.token(form), 401, "invalid_client");
        form.put("client_secret", secret);
        HttpResponse<String> tokens = app.token(form);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String accessToken = VpnApp.Tokens.of(tokens.body()).accessToken();
        assertThat(app.info(accessToken).statusCode()).isEqualTo(200);

        assertThat(admin("DELETE", "/api/admin/clients/" + clientId, null).statusCode()).isEqualTo(204);

        assertInvalidToken(app.info(accessToken));
        assertThat(admin("DELETE", "/api/admin/clients/" + clientId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badRegistrationsAreRefusedWithAReasonAndBuiltInClientsStay() {
        for (String body : new String[] {
                "not json",
                "[]",
                "{\"client_id\":\"org.eduvpn.app.linux\",\"display_name\":\"x\",\"redirect_uris\":[\"x:/y\"]}",
                "{\"client_id\":\"a b\",\"display_name\":\"x\",\"redirect_uris\":[\"x:/y\"]}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"\",\"redirect_uris\":[\"x:/y\"]}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"x\",\"redirect_uris\":[]}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"x\",\"redirect_uris\":[\"relative/path\"]}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"x\",\"redirect_uris\":[\"https://x.example/#frag\"]}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"x\",\"redirect_uris\":\"x:/y\"}",
                "{\"client_id\":\"org.example.ok\",\"display_name\":\"x\",\"redirect_uris\":[\"x:/y\"],\"client_secret\":\"short\"}",
                "{\"client_id\":42,\"display_name\":\"x\",\"redirect_uris\":[\"x:/y\"]}"}) {
            HttpResponse<String> response = admin("POST", "/api/admin/clients", body);
            assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
            assertThat(VpnApp.jsonString(response.body(), "error")).as(body).isPresent();
        }
        assertThat(admin("GET", "/api/admin/clients", null).body()).doesNotContain("org.example.ok");
        assertThat(admin("DELETE", "/api/admin/clients/org.eduvpn.app.linux", null).statusCode()).isEqualTo(409);
    }

    @Test
    void onlyAdministratorsMayManageClients() {
        String user = Users.createUser(system, "notadmin");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/clients"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + Users.PASSWORD).getBytes())));
        assertThat(response.statusCode()).isIn(401, 403);
        assertThat(http.send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/clients"))).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.httpsUrl(path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes()));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request);
    }
}
