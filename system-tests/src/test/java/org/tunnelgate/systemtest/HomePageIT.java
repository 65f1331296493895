package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The home page lists the profiles of the seeded example (config/profiles.example.json) per account. */
class HomePageIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void aPlainUserSeesTheProfilesOpenToEverybodyButNotTheAdminOnlyOne() {
        var portal = new PortalClient(system.httpsUrl("/"));

        var home = portal.login(accounts.newUser("home"), TestAccounts.PASSWORD);

        assertThat(home.body()).contains("Employees").doesNotContain("Admins (WireGuard)");
    }

    @Test
    void anAdminAlsoSeesTheAdminOnlyProfile() {
        var home = accounts.admin().open("/");

        assertThat(home.body()).contains("Employees").contains("Admins (WireGuard)");
    }
}
