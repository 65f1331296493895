package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
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
    void theStartSummarySaysWhichVpnNodeItRunsAndWhereClientsConnect() {
        var start = system.launcher("start");

        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(system.hasLocalNode()).as("started as root, the system runs a local node").isTrue();
        assertThat(start.output().lines().filter(line -> line.startsWith("    VPN node ")))
                .singleElement().asString()
                .contains("node \"local\" on this machine", "127.0.0.1:" + system.localNodePort(),
                        system.localNodeNetns(), "clients connect to " + system.publicHost());
        assertThat(start.output()).contains("portal              " + system.httpsUrl("/"))
                .doesNotContain(system.adminPassword());
    }

    @Test
    void withoutTheLocalNodeTheSummarySaysThatNoConfigurationWorksAndHowToAddANode() {
        try {
            var start = system.launcher(Map.of("TUNNELGATE_LOCAL_NODE", "no"), "start");

            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(start.output()).contains("VPN node            none: off (TUNNELGATE_LOCAL_NODE=no)")
                    .contains("NOT USABLE until a node is enrolled: ./tunnelgate node add");
        } finally {
            assertThat(system.launcher("start").exitCode()).as("the local node back for the other tests").isZero();
        }
    }

    @Test
    void nodeCommandsRegisterListAndRemoveANodeAndRefuseBadInput() {
        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        var added = system.launcher("node", "add", name, "--agent-url", "https://192.0.2.10:9443", "--host", "node.example.org");

        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output()).containsPattern("(?m)^token [A-Za-z0-9_-]{43}$")
                .contains("enroll --controller " + system.httpsUrl("").toString().replaceAll("/$", ""));
        assertThat(system.launcher("node", "list").output()).contains(name, "awaiting-enrollment", "local");
        var twice = system.launcher("node", "add", name, "--agent-url", "https://192.0.2.10:9443", "--host", "node.example.org");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.output()).contains("already registered");
        assertThat(system.launcher("node", "add", "x", "--agent-url", "ftp://x", "--host", "h").exitCode()).isEqualTo(2);
        assertThat(system.launcher("node", "remove", name).exitCode()).isZero();
        assertThat(system.launcher("node", "list").output()).doesNotContain(name);
        assertThat(system.launcher("node", "frobnicate").output()).contains("usage: ./tunnelgate node add NAME");
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
