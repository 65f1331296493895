package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nobody can lock somebody else out (issue 7, gap 8: five wrong passwords for the admin from
 * anywhere locked the admin out for 15 minutes). Strangers' guesses arrive from many addresses
 * through the trusted proxy the harness configures (::1, with {@code X-Forwarded-For}); the real
 * admin logs in from its own address, which it has logged in from before.
 */
class LockoutIT {

    private static final String FAILED = "Login failed: the name or password is not correct";

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void wrongPasswordsForTheAdminFromManyAddressesDoNotKeepTheRealAdminOut() {
        assertThat(new PortalClient(system.httpsUrl("/")).login(system.adminUser(), system.adminPassword()).status())
                .as("the admin works from here").isEqualTo(200);
        for (int i = 1; i <= 8; i++) {
            String stranger = "198.51.100." + i;
            for (int attempt = 0; attempt < 3; attempt++) {
                var answer = loginViaProxy(stranger, system.adminUser(), "a stranger's guess " + attempt);
                assertThat(answer.status()).as("from %s: %s", stranger, answer).isEqualTo(400);
                assertThat(answer.body()).contains(FAILED);
            }
        }

        var admin = new PortalClient(system.httpsUrl("/")).login(system.adminUser(), system.adminPassword());

        assertThat(admin.status()).as("the real admin after 24 strangers' guesses: %s", admin).isEqualTo(200);
        assertThat(admin.body()).doesNotContain(FAILED);
        // the strangers did not go unnoticed: a new address now waits for the name's delay to pass,
        // even with the right password (a guesser with many addresses gets about one try a minute)
        loginViaProxy("198.51.100.99", system.adminUser(), "one more guess");
        assertThat(loginViaProxy("198.51.100.100", system.adminUser(), system.adminPassword()).status()).isEqualTo(400);
    }

    @Test
    void aGuesserLocksOutOnlyTheirOwnAddressAndTheOwnerLogsInElsewhere() {
        String name = accounts.newUser("target");
        for (int attempt = 0; attempt < 5; attempt++) {
            loginViaProxy("203.0.113.77", name, "guess " + attempt);
        }

        var guesserWithTheRightPassword = loginViaProxy("203.0.113.77", name, TestAccounts.PASSWORD);
        var owner = loginViaProxy("192.0.2.10", name, TestAccounts.PASSWORD);

        assertThat(guesserWithTheRightPassword.status()).as("%s", guesserWithTheRightPassword).isEqualTo(400);
        assertThat(owner.status()).as("%s", owner).isEqualTo(200);
    }

    /** A login through the trusted proxy ::1 on behalf of {@code clientAddress}. */
    private PortalClient.Page loginViaProxy(String clientAddress, String name, String password) {
        URI base = URI.create("https://[::1]:" + system.httpsPort() + "/");
        var browser = new PortalClient(base);
        var form = browser.send(HttpRequest.newBuilder(base.resolve("/login")).header("X-Forwarded-For", clientAddress).GET());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "login");
        fields.put("login:name", name);
        fields.put("login:password", password);
        fields.put("login:submit", "Log in");
        fields.put("jakarta.faces.ViewState", form.viewState().orElseThrow());
        var answer = browser.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("X-Forwarded-For", clientAddress)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(fields))));
        return answer.isRedirect() ? browser.send(HttpRequest.newBuilder(base.resolve(answer.location().get()))
                .header("X-Forwarded-For", clientAddress).GET()) : answer;
    }
}
