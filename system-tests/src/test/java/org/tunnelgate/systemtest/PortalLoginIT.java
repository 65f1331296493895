package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Logging in and out of the portal through its real login form. */
class PortalLoginIT {

    private static final String FAILED = "Login failed: the name or password is not correct";

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void theRightPasswordLogsInAndShowsTheProfilesPage() {
        String name = accounts.newUser("login");
        var portal = new PortalClient(system.httpsUrl("/"));

        var home = portal.login(name, TestAccounts.PASSWORD);

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.uri().getPath()).isEqualTo("/");
        assertThat(home.body()).contains("Your VPN profiles").contains(name);
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetExactlyTheSameAnswer() {
        String name = accounts.newUser("same");

        var wrongPassword = new PortalClient(system.httpsUrl("/")).login(name, "not the password");
        var unknownName = new PortalClient(system.httpsUrl("/")).login(TestAccounts.uniqueName("nobody"), "not the password");

        assertThat(wrongPassword.status()).isEqualTo(400).isEqualTo(unknownName.status());
        assertThat(messages(wrongPassword.body())).contains(FAILED).isEqualTo(messages(unknownName.body()));
        assertThat(wrongPassword.uri()).isEqualTo(unknownName.uri());
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordIsRefusedWithTheSameMessage() {
        String name = accounts.newUser("throttle");
        var portal = new PortalClient(system.httpsUrl("/"));
        for (int i = 0; i < 5; i++) {
            assertThat(portal.login(name, "wrong guess " + i).body()).contains(FAILED);
        }

        var refused = portal.login(name, TestAccounts.PASSWORD);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains(FAILED);
        assertThat(new PortalClient(system.httpsUrl("/")).get("/account").status())
                .as("still not logged in").isEqualTo(302);
    }

    @Test
    void aProtectedPageSendsYouToLoginAndAfterwardsBackToTheExactUrl() {
        String name = accounts.newUser("return");
        var portal = new PortalClient(system.httpsUrl("/"));

        var detour = portal.get("/account?tab=password&from=test");
        assertThat(detour.status()).isEqualTo(302);
        assertThat(URI.create(detour.location().orElseThrow()).getPath()).isEqualTo("/login");

        var form = portal.open("/login");
        var afterLogin = portal.submit(form, "login",
                java.util.Map.of("login:name", name, "login:password", TestAccounts.PASSWORD), "login:submit");
        assertThat(afterLogin.status()).isEqualTo(302);
        assertThat(afterLogin.location().orElseThrow()).endsWith("/account?tab=password&from=test");
        assertThat(portal.follow(afterLogin).body()).contains("Your account").contains(name);
    }

    @Test
    void theSessionIdChangesAtLogin() {
        String name = accounts.newUser("fixation");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.open("/login");
        String before = portal.cookie("JSESSIONID").orElseThrow();

        portal.login(name, TestAccounts.PASSWORD);

        assertThat(portal.cookie("JSESSIONID")).isPresent().isNotEqualTo(java.util.Optional.of(before));
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        String name = accounts.newUser("logout");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(name, TestAccounts.PASSWORD);
        String session = portal.cookie("JSESSIONID").orElseThrow();

        var loggedOut = portal.logout();

        assertThat(loggedOut.uri().getPath()).isEqualTo("/login");
        assertThat(loggedOut.body()).contains("You have been logged out");
        assertThat(portal.get("/account").status()).isEqualTo(302);
        // a copy of the old cookie (say, stolen before logout) is worth nothing either
        var replay = new PortalClient(system.httpsUrl("/")).send(java.net.http.HttpRequest.newBuilder(system.httpsUrl("/account"))
                .header("Cookie", "JSESSIONID=" + session));
        assertThat(replay.status()).isEqualTo(302);
        assertThat(replay.location().orElseThrow()).endsWith("/login");
    }

    @Test
    void aDisabledAccountCannotLogInAndLosesItsOpenSession() {
        String name = accounts.newUser("disabled");
        var open = new PortalClient(system.httpsUrl("/"));
        open.login(name, TestAccounts.PASSWORD);

        accounts.setEnabled(name, false);

        var attempt = new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD);
        assertThat(attempt.status()).isEqualTo(400);
        assertThat(attempt.body()).contains(FAILED);
        assertThat(open.get("/account").status()).as("the open session is cut off").isEqualTo(302);

        accounts.setEnabled(name, true);
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndThenOnlyTheNewOneWorks() {
        String name = accounts.newUser("change");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(name, TestAccounts.PASSWORD);
        var page = portal.open("/account");

        var wrongCurrent = portal.submit(page, "password", java.util.Map.of("password:current", "not it at all",
                "password:new", "a brand new password", "password:repeat", "a brand new password"), "password:submit");
        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(wrongCurrent.body()).contains("The current password is not correct.");

        var changed = portal.follow(portal.submit(portal.open("/account"), "password", java.util.Map.of(
                "password:current", TestAccounts.PASSWORD, "password:new", "a brand new password",
                "password:repeat", "a brand new password"), "password:submit"));
        assertThat(changed.body()).contains("Your password has been changed.");

        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status()).isEqualTo(400);
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, "a brand new password").status()).isEqualTo(200);
    }

    /** The page's message list, which is what differs between outcomes (the rest echoes input). */
    static String messages(String html) {
        int start = html.indexOf("<ul id=\"messages\"");
        return start < 0 ? "" : html.substring(start, html.indexOf("</ul>", start) + 5);
    }
}
