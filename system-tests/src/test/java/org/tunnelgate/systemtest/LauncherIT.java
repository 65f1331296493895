package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The launcher's own behaviour against the running system: status, an idempotent start, and how
 * it answers bad input. (LauncherUserIT covers users added with it logging in.)
 */
class LauncherIT {

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void statusReportsPayaraTheDatabaseAndReadinessAsUp() {
        var status = system.launcher("status");

        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output())
                .containsPattern("Payara +running \\(pid \\d+, user " + system.runUser() + "\\)")
                .containsPattern("embedded MariaDB +running \\(pid \\d+, user " + system.runUser() + "\\)")
                .containsPattern("readiness +UP")
                .contains(system.httpsUrl("/").toString());
    }

    @Test
    void startingAgainWhileRunningRedeploysNothingAndStaysReady() throws Exception {
        var start = system.launcher("start");

        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output())
                .contains("Payara is running")
                .contains("domain configuration is unchanged")
                .contains("tunnelgate.ear is deployed and unchanged");
        var ready = system.httpClient().send(HttpRequest.newBuilder(system.httpsUrl("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void theStartSummarySaysInOneLineThatNoConfigurationWorksYetAndWhereTheFixIs() {
        var start = system.launcher("start");

        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output().lines().filter(line -> line.contains("VPN configurations")))
                .singleElement().asString()
                .contains("NOT USABLE YET", "vpn.example.org", "Fix:", "docs/operations.md");
        assertThat(start.output()).contains("portal              " + system.httpsUrl("/"))
                .doesNotContain(system.adminPassword());
    }

    @Test
    void addingAnExistingUserIsRejectedAsBadInput() {
        String name = "twice-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(system.launcher("user", "add", name, "--password", "a-long-enough-password").exitCode()).isZero();

        var again = system.launcher("user", "add", name, "--password", "another-long-password");

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.output()).contains(name);
    }

    @Test
    void anUnknownUserSubcommandIsABadInputWithUsage() {
        var result = system.launcher("user", "frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("usage: ./tunnelgate user add NAME");
    }
}
