package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

/**
 * Fresh accounts for system tests, made the way an administrator makes them: through the admin
 * console. Names are unique per call, so tests never share throttling state or sessions.
 */
final class TestAccounts {

    static final String PASSWORD = "system test password";

    private final SystemUnderTest system;
    private PortalClient admin;

    TestAccounts(SystemUnderTest system) {
        this.system = system;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new enabled plain user with {@link #PASSWORD}. */
    String newUser(String prefix) {
        String name = uniqueName(prefix);
        var users = admin().open("/admin/users");
        var result = admin().submit(users, "create",
                Map.of("create:name", name, "create:password", PASSWORD), "create:submit");
        assertThat(result.status()).as("creating %s: %s", name, result).isEqualTo(302);
        return name;
    }

    /** A client logged in as the first admin. */
    PortalClient admin() {
        if (admin == null) {
            admin = new PortalClient(system.httpsUrl("/"));
            var home = admin.login(system.adminUser(), system.adminPassword());
            assertThat(home.status()).as("admin login: %s", home).isEqualTo(200);
        }
        return admin;
    }

    /** Disables (or enables) an account with the button on its page in the admin console. */
    void setEnabled(String name, boolean enabled) {
        var page = admin().open("/admin/user?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        String button = "account:" + (enabled ? "enable" : "disable");
        var result = admin().submit(page, "account", Map.of(), button);
        assertThat(result.status()).as("%s %s: %s", button, name, result).isEqualTo(302);
    }
}
