package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A form posted with a view state the portal did not issue — {@code stateless}, a forged or stale
 * token, another session's — is refused with 403 and costs the server one log line, not a 500 and
 * two stack traces (issue 7, gap 9: anybody could send these, unauthenticated, to flood the log).
 */
class ViewStateIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void aLoginFormWithAViewStateThePortalDidNotIssueIsRefusedWith403AndNoStackTrace() throws Exception {
        long logBefore = Files.size(system.serverLog());
        var portal = new PortalClient(system.httpsUrl("/"));
        String issued = portal.get("/login").viewState().orElseThrow();

        for (String forged : List.of("stateless", "STATELESS", "-1:-1", "1234567890123456789:1", issued + "0",
                "rO0ABXNyABNqYXZhLnV0aWwuQXJyYXlMaXN0", "1:2:3", "x".repeat(300))) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("login", "login");
            form.put("login:name", "nobody");
            form.put("login:password", "wrong password");
            form.put("login:submit", "Log in");
            form.put("jakarta.faces.ViewState", forged);
            var answer = portal.post("/login", form);

            assertThat(answer.status()).as("view state %s: %s", forged, answer).isEqualTo(403);
            assertThat(answer.body()).as(forged).contains("Reload the page").doesNotContain("Exception").doesNotContain("\tat ");
        }

        assertThat(stackTraceLinesSince(logBefore)).as("stack trace lines written to server.log").isZero();
    }

    @Test
    void aLoggedInPersonsFormWithAForgedViewStateChangesNothing() throws Exception {
        String name = accounts.newUser("viewstate");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(name, TestAccounts.PASSWORD);
        long logBefore = Files.size(system.serverLog());

        for (String forged : List.of("stateless", "42:42")) {
            var answer = portal.post("/account", Map.of("password", "password", "jakarta.faces.ViewState", forged,
                    "password:current", TestAccounts.PASSWORD, "password:new", "forged password 123",
                    "password:repeat", "forged password 123", "password:submit", "Change password"));
            assertThat(answer.status()).as("%s: %s", forged, answer).isEqualTo(403);
        }

        assertThat(stackTraceLinesSince(logBefore)).isZero();
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, TestAccounts.PASSWORD).status())
                .as("the password is unchanged").isEqualTo(200);
    }

    /** Lines of a Java stack trace that server.log gained after {@code offset} (its log is written asynchronously). */
    private long stackTraceLinesSince(long offset) throws IOException, InterruptedException {
        Thread.sleep(1500);
        byte[] all = Files.readAllBytes(system.serverLog());
        String added = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
        return added.lines().filter(l -> l.startsWith("\tat ")).count();
    }
}
