package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ./tunnelgate user …} works against the running system, and the portal agrees with it. */
class LauncherUserIT {

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void aUserAddedWithTheLauncherCanLogIn() {
        String name = TestAccounts.uniqueName("cli");

        var added = system.launcher("user", "add", name, "--password", "added by the launcher");

        assertThat(added.exitCode()).as(added.output()).isZero();
        var home = new PortalClient(system.httpsUrl("/")).login(name, "added by the launcher");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(name);
        var list = system.launcher("user", "list");
        assertThat(list.output()).contains(name + "\tuser\tenabled");
    }

    @Test
    void aUserDisabledWithTheLauncherCannotLogInUntilEnabledAgain() {
        String name = TestAccounts.uniqueName("cli-off");
        system.launcher("user", "add", name, "--password", "added by the launcher");

        var disabled = system.launcher("user", "disable", name);

        assertThat(disabled.exitCode()).as(disabled.output()).isZero();
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, "added by the launcher").status()).isEqualTo(400);
        assertThat(system.launcher("user", "enable", name).exitCode()).isZero();
        assertThat(new PortalClient(system.httpsUrl("/")).login(name, "added by the launcher").status()).isEqualTo(200);
    }

    @Test
    void theLauncherRefusesBadInputWithExitCodeTwo() {
        var refused = system.launcher("user", "add", "not a valid name", "--password", "long enough anyway");

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("invalid name");
    }

    @Test
    void theFirstAdminFromTheLauncherCanUseTheAdminConsole() {
        var admin = new PortalClient(system.httpsUrl("/"));
        admin.login(system.adminUser(), system.adminPassword());

        var users = admin.get("/admin/users?q=" + system.adminUser());

        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).contains(system.adminUser());
    }
}
