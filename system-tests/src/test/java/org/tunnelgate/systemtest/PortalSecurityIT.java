package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSRF protection, roles and the security headers, seen from outside. */
class PortalSecurityIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void aPostWithoutTheCsrfTokenIsRejectedAndChangesNothing() {
        String name = accounts.newUser("csrf");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(name, TestAccounts.PASSWORD);

        var forged = portal.post("/account", Map.of("password", "password",
                "password:current", TestAccounts.PASSWORD, "password:new", "forged password 123",
                "password:repeat", "forged password 123", "password:submit", "Change password"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("security token");
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status())
                .as("the password is unchanged").isEqualTo(200);
    }

    @Test
    void aTokenIssuedToAnotherSessionIsRejectedToo() {
        String victim = accounts.newUser("victim");
        var attacker = new PortalClient(system.httpsUrl("/"));
        attacker.login(accounts.newUser("attacker"), TestAccounts.PASSWORD);
        String attackersToken = attacker.open("/account").viewState().orElseThrow();
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(victim, TestAccounts.PASSWORD);

        var forged = portal.post("/account", Map.of("password", "password", "jakarta.faces.ViewState", attackersToken,
                "password:current", TestAccounts.PASSWORD, "password:new", "forged password 123",
                "password:repeat", "forged password 123", "password:submit", "Change password"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(new PortalClient(system.httpsUrl("/")).login(victim, TestAccounts.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theAdminConsoleIsForbiddenToAPlainUser() {
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(accounts.newUser("plain"), TestAccounts.PASSWORD);

        var users = portal.get("/admin/users");

        assertThat(users.status()).isEqualTo(403);
        assertThat(users.body()).contains("Forbidden").doesNotContain("New account");
        assertThat(portal.open("/").body()).doesNotContain("/admin/users");
    }

    @Test
    void anAdminCreatesAUserInTheConsoleWhoCanThenLogIn() {
        String name = accounts.newUser("made-by-admin");

        var list = accounts.admin().open("/admin/users?q=" + name);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(name);
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theAdminConsoleRefusesBadInputWithAMessageAndCreatesNothing() {
        var page = accounts.admin().open("/admin/users");

        var refused = accounts.admin().submit(page, "create",
                Map.of("create:name", "bad name!", "create:password", "short"), "create:submit");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("An account name has 1 to 64");
        assertThat(accounts.admin().open("/admin/users").body()).doesNotContain("bad name!");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        var portal = new PortalClient(system.httpsUrl("/"));
        for (String path : new String[] {"/login", "/no-such-page", "/resources/css/portal.css"}) {
            var page = portal.get(path);
            assertThat(page.header("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("form-action 'self'"));
            assertThat(page.header("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(page.header("Referrer-Policy")).as(path).isPresent();
            assertThat(page.header("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
        }
        String cookie = new PortalClient(system.httpsUrl("/")).get("/login").header("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Secure");
    }

    @Test
    void overHttpsTheBrowserIsToldToStayOnHttpsAndTheCookieIsSecure() {
        var portal = new PortalClient(system.httpsUrl("/"), system.httpClientBuilder());

        var login = portal.get("/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Strict-Transport-Security")).hasValueSatisfying(h -> assertThat(h).contains("max-age="));
        assertThat(login.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Secure").contains("HttpOnly"));
    }

    @Test
    void theAdminApiTakesBasicAuthenticationButNeverAPortalSession() {
        var admin = accounts.admin();
        var withSession = admin.send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/ping")).GET());
        assertThat(withSession.status()).isEqualTo(401);
        assertThat(withSession.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));

        String plain = accounts.newUser("basic");
        var asUser = new PortalClient(system.httpsUrl("/")).send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/ping"))
                .header("Authorization", basic(plain, TestAccounts.PASSWORD)));
        assertThat(asUser.status()).isEqualTo(403);
    }

    private static String basic(String name, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((name + ":" + password).getBytes());
    }
}
