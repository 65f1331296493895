package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * The OAuth half of the eduVPN API v3 contract ({@code api-v3.md} §1–2), walked step by step with a
 * plain HTTP client against the real EAR: discovery, authorize, consent, token, refresh, revocation.
 */
class OAuthConformanceIT {

    private static final SystemUnderTest system = SystemUnderTest.get();
    private static String user;
    private static PortalClient browser;

    @BeforeAll
    static void aPersonIsLoggedIntoThePortal() {
        user = Users.createUser(system, "oauth");
        browser = Users.loggedIn(system, user);
    }

    private static String base() {
        String url = system.httpsUrl("/").toString();
        return url.substring(0, url.length() - 1);
    }

    @Test
    void discoveryIsOnTheHostRootWithAbsoluteUrlsBuiltFromTheRequestAndIsNeverCached() {
        VpnApp app = new VpnApp(system);
        HttpResponse<String> response = app.send(HttpRequest.newBuilder(system.httpsUrl("/.well-known/vpn-user-portal")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        String base = base();
        assertThat(response.body()).matches("\\{\"api\":\\{\"http://eduvpn.org/api#3\":\\{"
                + "\"api_endpoint\":\"" + base + "/api/v3\","
                + "\"authorization_endpoint\":\"" + base + "/oauth/authorize\","
                + "\"token_endpoint\":\"" + base + "/oauth/token\"\\}\\},\"v\":\"[^\"]+\"\\}");
    }

    @Test
    void discoveryOverHttpsNamesHttpsUrlsAsTheAppsRequire() {
        HttpResponse<String> response = new VpnApp(system).send(
                HttpRequest.newBuilder(system.httpsUrl("/.well-known/vpn-user-portal")));
        String https = system.httpsUrl("/").toString();
        assertThat(response.body()).contains("\"api_endpoint\":\"" + https + "api/v3\"")
                .contains("\"token_endpoint\":\"" + https + "oauth/token\"");
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        HttpResponse<String> response = new VpnApp(system).send(HttpRequest.newBuilder(system.httpsUrl("/.well-known/vpn-user-portal"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "proto=https;host=evil.example"));
        assertThat(response.body()).doesNotContain("evil.example").contains("\"api_endpoint\":\"" + base() + "/api/v3\"");
    }

    @Test
    void anAuthorizeRequestWithAnyParameterMissingOrWrongGetsAnErrorPageAndNoRedirect() {
        VpnApp app = new VpnApp(system);
        List<Consumer<Map<String, String>>> mistakes = List.of(
                p -> p.put("client_id", "org.example.unknown"),
                p -> p.put("redirect_uri", "http://evil.example/callback"),
                p -> p.put("redirect_uri", "http://127.0.0.1:8080/callback/../evil"),
                p -> p.put("response_type", "token"),
                p -> p.put("scope", "openid"),
                p -> p.remove("state"),
                p -> p.remove("code_challenge_method"),
                p -> p.remove("code_challenge"),
                p -> {
                    p.remove("code_challenge_method");
                    p.remove("code_challenge");
                },
                p -> p.put("code_challenge_method", "plain"),
                p -> p.put("code_challenge", "too-short"),
                p -> p.put("code_challenge", "'; DROP TABLE oauth_code; --<script>alert(1)</script>"));
        for (String name : app.authorizeParameters().keySet()) {
            Map<String, String> p = app.authorizeParameters();
            p.remove(name);
            assertErrorPage(p, "without " + name);
        }
        for (int i = 0; i < mistakes.size(); i++) {
            Map<String, String> p = app.authorizeParameters();
            mistakes.get(i).accept(p);
            assertErrorPage(p, "mistake #" + i + " " + p);
        }
        PortalClient.Page twice = browser.get(VpnApp.authorizePath(app.authorizeParameters())
                + "&redirect_uri=" + PortalClient.formEncode(Map.of("x", "http://evil.example/")).substring(2));
        assertThat(twice.status()).as("redirect_uri given twice").isEqualTo(400);
        assertThat(twice.location()).isEmpty();
    }

    private static void assertErrorPage(Map<String, String> parameters, String what) {
        PortalClient.Page page = browser.get(VpnApp.authorizePath(parameters));
        assertThat(page.status()).as(what + ": " + page).isEqualTo(400);
        assertThat(page.location()).as(what).isEmpty();
        assertThat(page.body()).as(what).contains("id=\"oauth-error\"").doesNotContain("<script>alert");
    }

    @Test
    void theAuthorizeRequestSurvivesTheLoginDetour() {
        VpnApp app = new VpnApp(system);
        PortalClient fresh = new PortalClient(system.httpsUrl("/"), Users.http11());
        PortalClient.Page first = fresh.get(VpnApp.authorizePath(app.authorizeParameters()));
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.location()).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        PortalClient.Page consent = fresh.login(user, Users.PASSWORD);

        assertThat(consent.status()).as("%s", consent).isEqualTo(200);
        assertThat(consent.body()).contains("eduVPN for Linux").contains(VpnApp.LINUX);
        assertThat(consent.hasForm("consent")).isTrue();
    }

    @Test
    void approvingSendsTheBrowserBackWithCodeStateAndIssuer() {
        VpnApp app = new VpnApp(system);

        URI back = app.approve(browser);

        assertThat(back.toString()).startsWith(app.redirectUri + "?code=");
        assertThat(VpnApp.query(back, "code")).hasValueSatisfying(c -> assertThat(c).hasSizeGreaterThanOrEqualTo(32));
        assertThat(VpnApp.query(back, "state")).hasValue(app.state);
        assertThat(VpnApp.query(back, "iss")).hasValue(base() + "/");
        assertThat(back.getRawQuery()).contains("iss=" + java.net.URLEncoder.encode(base() + "/", java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aMobileAppIsSentBackToItsCustomScheme() {
        VpnApp app = new VpnApp(system, "org.eduvpn.app.android", "org.eduvpn.app:/api/callback");
        URI back = app.approve(browser);
        assertThat(back.toString()).startsWith("org.eduvpn.app:/api/callback?code=");
    }

    @Test
    void denyingSendsTheBrowserBackWithAccessDeniedAndNoCode() {
        VpnApp app = new VpnApp(system);

        URI back = app.deny(browser);

        assertThat(back.toString()).startsWith(app.redirectUri + "?error=access_denied");
        assertThat(VpnApp.query(back, "state")).hasValue(app.state);
        assertThat(VpnApp.query(back, "code")).isEmpty();
    }

    @Test
    void aConsentCanBeAnsweredOnlyOnce() {
        VpnApp app = new VpnApp(system);
        PortalClient.Page consent = app.consentPage(browser);
        app.answer(browser, consent, "consent:approve");

        PortalClient.Page again = browser.submit(consent, "consent", Map.of(), "consent:approve");

        assertThat(again.status()).as("%s", again).isEqualTo(400);
        assertThat(again.location()).isEmpty();
    }

    @Test
    void theCodeGivesBearerTokensOnceAndNeverCached() {
        VpnApp app = new VpnApp(system);
        String code = VpnApp.query(app.approve(browser), "code").orElseThrow();

        HttpResponse<String> response = app.exchange(code, app.verifier);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(response.body()).matches("\\{\"access_token\":\"[A-Za-z0-9_-]{43}\",\"refresh_token\":\"[A-Za-z0-9_-]{43}\","
                + "\"token_type\":\"bearer\",\"expires_in\":(3600|3599)\\}");
        VpnApp.Tokens tokens = VpnApp.Tokens.of(response.body());
        assertThat(app.info(tokens.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesTheAuthorizationItCreated() {
        VpnApp app = new VpnApp(system);
        String code = VpnApp.query(app.approve(browser), "code").orElseThrow();
        VpnApp.Tokens tokens = VpnApp.Tokens.of(app.exchange(code, app.verifier).body());

        HttpResponse<String> replay = app.exchange(code, app.verifier);

        assertInvalidGrant(replay);
        assertInvalidToken(app.info(tokens.accessToken()));
        assertInvalidGrant(app.refresh(tokens.refreshToken()));
    }

    @Test
    void aWrongVerifierIsRefused() {
        VpnApp app = new VpnApp(system);
        String code = VpnApp.query(app.approve(browser), "code").orElseThrow();

        assertInvalidGrant(app.exchange(code, VpnApp.random(32)));
        assertInvalidGrant(app.exchange(code, app.challenge()));
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        VpnApp app = new VpnApp(system);
        String code = VpnApp.query(app.approve(browser), "code").orElseThrow();
        try (var db = Users.database(system);
             PreparedStatement expire = db.prepareStatement(
                     "UPDATE oauth_code SET expires_at = created_at WHERE code_hash = SHA2(?, 256)")) {
            expire.setString(1, code);
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }

        assertInvalidGrant(app.exchange(code, app.verifier));
    }

    @Test
    void aCodeOnlyWorksForItsOwnClientAndRedirectUri() {
        VpnApp app = new VpnApp(system);
        String code = VpnApp.query(app.approve(browser), "code").orElseThrow();
        VpnApp otherClient = new VpnApp(system, "org.eduvpn.app.windows", app.redirectUri);
        VpnApp otherPort = new VpnApp(system, app.clientId, "http://127.0.0.1:1/callback");

        assertInvalidGrant(otherClient.exchange(code, app.verifier));
        assertInvalidGrant(otherPort.exchange(code, app.verifier));
    }

    @Test
    void theTokenEndpointRefusesMalformedRequestsWithOAuthErrors() {
        VpnApp app = new VpnApp(system);
        assertOAuthError(app.token(Map.of("grant_type", "authorization_code", "client_id", "org.example.nobody",
                "code", "x", "redirect_uri", app.redirectUri, "code_verifier", app.verifier)), 401, "invalid_client");
        assertOAuthError(app.token(Map.of("client_id", app.clientId)), 400, "invalid_request");
        assertOAuthError(app.token(Map.of("grant_type", "password", "client_id", app.clientId)), 400, "unsupported_grant_type");
        assertOAuthError(app.token(Map.of("grant_type", "authorization_code", "client_id", app.clientId)), 400, "invalid_request");
        assertOAuthError(app.token(Map.of("grant_type", "authorization_code", "client_id", app.clientId,
                "code", "' OR 1=1 --", "redirect_uri", app.redirectUri, "code_verifier", app.verifier)), 400, "invalid_grant");
        assertOAuthError(app.send(HttpRequest.newBuilder(system.httpsUrl("/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}"))), 400, "invalid_request");
        HttpResponse<String> huge = app.send(HttpRequest.newBuilder(system.httpsUrl("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + "a".repeat(1 << 20))));
        assertThat(huge.statusCode()).isBetween(400, 499);
        assertThat(huge.body()).contains("\"error\":\"invalid_request\"");
        assertOAuthError(app.token(Map.of("grant_type", "refresh_token", "client_id", app.clientId,
                "refresh_token", VpnApp.random(32))), 400, "invalid_grant");
    }

    @Test
    void refreshTokensRotateAndAReusedOneRevokesTheAuthorization() {
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens first = app.authorize(browser);

        HttpResponse<String> refreshed = app.refresh(first.refreshToken());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Cache-Control")).hasValue("no-store");
        VpnApp.Tokens second = VpnApp.Tokens.of(refreshed.body());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(app.info(second.accessToken()).statusCode()).isEqualTo(200);

        assertInvalidGrant(app.refresh(first.refreshToken()));

        assertInvalidToken(app.info(second.accessToken()));
        assertInvalidGrant(app.refresh(second.refreshToken()));
    }

    @Test
    void revokingTheAppOnTheAccountPageLocksItOutAtOnce() {
        String owner = Users.createUser(system, "revoke");
        PortalClient ownBrowser = Users.loggedIn(system, owner);
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(ownBrowser);
        assertThat(app.info(tokens.accessToken()).statusCode()).isEqualTo(200);

        PortalClient.Page account = ownBrowser.open("/account");
        assertThat(account.body()).contains("Authorized applications").contains("eduVPN for Linux");
        PortalClient.Page revoked = ownBrowser.submit(account, "applications", Map.of(), "applications:app:0:revoke");
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(302);

        assertInvalidToken(app.info(tokens.accessToken()));
        assertInvalidGrant(app.refresh(tokens.refreshToken()));
        assertThat(ownBrowser.open("/account").body()).contains("You have not authorized any application");
    }

    @Test
    void aPersonCannotRevokeSomebodyElsesApp() {
        VpnApp victimApp = new VpnApp(system);
        VpnApp.Tokens victim = victimApp.authorize(browser);
        String attacker = Users.createUser(system, "attacker");
        PortalClient attackerBrowser = Users.loggedIn(system, attacker);
        VpnApp own = new VpnApp(system);
        own.authorize(attackerBrowser);
        PortalClient.Page account = attackerBrowser.open("/account");
        assertThat(account.body()).doesNotContain(user);

        attackerBrowser.submit(account, "applications", Map.of(), "applications:app:0:revoke");

        assertThat(victimApp.info(victim.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void disablingTheAccountLocksItsAppsOutAtOnce() {
        String person = Users.createUser(system, "disabled");
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(Users.loggedIn(system, person));
        assertThat(app.info(tokens.accessToken()).statusCode()).isEqualTo(200);

        var result = system.launcher("user", "disable", person);
        assertThat(result.succeeded()).as(result.output()).isTrue();

        assertInvalidToken(app.info(tokens.accessToken()));
        assertInvalidGrant(app.refresh(tokens.refreshToken()));
    }

    @Test
    void theApiAcceptsOnlyABearerAccessTokenInTheHeader() {
        VpnApp app = new VpnApp(system);
        VpnApp.Tokens tokens = app.authorize(browser);
        assertInvalidToken(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/info"))));
        assertInvalidToken(app.info("not-a-token"));
        assertInvalidToken(app.info(tokens.refreshToken()));
        assertInvalidToken(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/info?access_token=" + tokens.accessToken()))));
        assertInvalidToken(app.send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/info"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + Users.PASSWORD).getBytes()))));
    }

    static void assertInvalidGrant(HttpResponse<String> response) {
        assertOAuthError(response, 400, "invalid_grant");
    }

    static void assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(VpnApp.jsonString(response.body(), "error")).as(response.body()).hasValue(error);
        assertThat(VpnApp.jsonString(response.body(), "error_description")).isPresent();
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"Tunnelgate\",error=\"invalid_token\"");
        assertThat(VpnApp.jsonString(response.body(), "error")).hasValue("invalid_token");
        assertThat(VpnApp.jsonString(response.body(), "error_description")).isPresent();
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
