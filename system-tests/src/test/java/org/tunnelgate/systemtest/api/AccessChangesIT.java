package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.assertInvalidToken;
import static org.tunnelgate.systemtest.api.OAuthConformanceIT.form;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * Access changes take effect at once, not at the next sweep (issue 7, gap 7): disabling an account
 * ends its apps' tokens (for good: enabling it again revives none), its configurations and its
 * portal sessions; taking a profile away removes the configurations for it; a password change ends
 * every other portal session and every app token, and guessing the current password there is
 * throttled like a login.
 */
class AccessChangesIT {

    private static final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void disablingAnAccountEndsItsTokensConfigurationsAndSessionsAndEnablingRevivesNone() throws Exception {
        String name = Users.createUser(system, "disabled");
        PortalClient session = Users.loggedIn(system, name);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(session);
        assertThat(connect(app, tokens.accessToken(), "employees").statusCode()).isEqualTo(200);
        assertThat(rows("vpn_configuration", name)).isOne();

        adminConsole("disable", name);

        assertInvalidToken(app.info(tokens.accessToken()));
        assertThat(rows("oauth_authorization", name)).as("authorizations").isZero();
        assertThat(rows("vpn_configuration", name)).as("configurations, right away").isZero();
        assertThat(session.get("/account").status()).as("the portal session").isEqualTo(302);

        adminConsole("enable", name);

        assertInvalidToken(app.info(tokens.accessToken()));
        assertThat(app.refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);
        assertThat(Users.loggedIn(system, name).get("/account").status()).as("a new login works").isEqualTo(200);
    }

    @Test
    void takingAProfileAwayRemovesTheConfigurationsForItAtOnce() throws Exception {
        String keeps = Users.createUser(system, "keeps");
        String loses = Users.createUser(system, "loses");
        String profile = "access-" + VpnApp.random(4).replaceAll("[^A-Za-z0-9]", "x").toLowerCase();
        int port = 47000 + (int) (Math.random() * 900);
        String range = "10.78." + (int) (Math.random() * 250) + ".0/24";
        assertThat(admin("POST", "/api/admin/profiles", profileJson(profile, range, port, keeps, loses)).statusCode())
                .isEqualTo(201);
        VpnApp keepsApp = new VpnApp(system);
        String keepsToken = keepsApp.authorize(Users.loggedIn(system, keeps)).accessToken();
        VpnApp losesApp = new VpnApp(system);
        String losesToken = losesApp.authorize(Users.loggedIn(system, loses)).accessToken();
        assertThat(connect(keepsApp, keepsToken, profile).statusCode()).isEqualTo(200);
        assertThat(connect(losesApp, losesToken, profile).statusCode()).isEqualTo(200);

        var changed = admin("PUT", "/api/admin/profiles/" + profile, profileJson(profile, range, port, keeps));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        assertThat(rows("vpn_configuration", loses)).as("configurations of %s", loses).isZero();
        assertThat(rows("vpn_configuration", keeps)).as("configurations of %s", keeps).isOne();
        assertThat(connect(losesApp, losesToken, profile).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/api/admin/profiles/" + profile, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndEveryAppToken() throws Exception {
        String name = Users.createUser(system, "newpass");
        PortalClient here = Users.loggedIn(system, name);
        PortalClient elsewhere = Users.loggedIn(system, name);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(elsewhere);
        assertThat(app.info(tokens.accessToken()).statusCode()).isEqualTo(200);

        var changed = here.follow(here.submit(here.open("/account"), "password", Map.of(
                "password:current", Users.PASSWORD, "password:new", "another good password",
                "password:repeat", "another good password"), "password:submit"));

        assertThat(changed.body()).contains("Your password has been changed.");
        assertThat(here.get("/account").status()).as("the session that changed it").isEqualTo(200);
        assertThat(elsewhere.get("/account").status()).as("another session").isEqualTo(302);
        assertInvalidToken(app.info(tokens.accessToken()));
        assertThat(app.refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void guessingTheCurrentPasswordOnTheAccountPageIsThrottledLikeALogin() {
        String name = Users.createUser(system, "guessed");
        PortalClient stolen = Users.loggedIn(system, name);
        for (int i = 0; i < 5; i++) {
            var wrong = stolen.submit(stolen.open("/account"), "password", Map.of("password:current", "guess " + i,
                    "password:new", "taken over password", "password:repeat", "taken over password"), "password:submit");
            assertThat(wrong.status()).isEqualTo(400);
        }

        var right = stolen.submit(stolen.open("/account"), "password", Map.of("password:current", Users.PASSWORD,
                "password:new", "taken over password", "password:repeat", "taken over password"), "password:submit");

        assertThat(right.status()).isEqualTo(400);
        assertThat(right.body()).contains("Too many wrong passwords");
        assertThat(new PortalClient(system.httpsUrl("/"), Users.http11()).login(name, "taken over password").status())
                .as("the password is unchanged").isEqualTo(400);
    }

    /**
     * A connect to a profile made moments ago: its WireGuard interface reaches the node with the next
     * health probe (every 3 s), and until the node has reported the interface's key the answer is 503.
     */
    private static HttpResponse<String> connect(VpnApp app, String token, String profile) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response;
        do {
            response = app.connect(token, form("profile_id", profile, "public_key", VpnApp.wireGuardPublicKey()), VpnApp.WIREGUARD);
        } while (response.statusCode() == 503 && System.nanoTime() < deadline && pause());
        return response;
    }

    private static boolean pause() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The button on the account's page in the admin console. */
    private static void adminConsole(String button, String name) {
        PortalClient admin = new PortalClient(system.httpsUrl("/"), Users.http11());
        assertThat(admin.login(system.adminUser(), system.adminPassword()).status()).isEqualTo(200);
        var page = admin.open("/admin/user?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        var result = admin.submit(page, "account", Map.of(), "account:" + button);
        assertThat(result.status()).as("%s %s: %s", button, name, result).isEqualTo(302);
    }

    private static String profileJson(String id, String range, int port, String... permitted) {
        return """
                {"profile_id": "%s", "display_name": "Access %s", "protocols": ["wireguard"],
                 "wireguard": {"ipv4_range": "%s", "ipv6_range": "fd78:%s::/64", "port": %d},
                 "permissions": ["%s"], "default_gateway": true, "nodes": ["local"]}
                """.formatted(id, id, range, Integer.toHexString(port), port, String.join("\", \"", permitted));
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(system.httpsUrl(path)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Users.http11().build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int rows(String table, String accountName) throws Exception {
        try (var db = Users.database(system);
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM " + table
                     + " WHERE account_id = (SELECT id FROM account WHERE name = ?)")) {
            count.setString(1, accountName);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
