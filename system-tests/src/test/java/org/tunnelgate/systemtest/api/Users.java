package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/** Test people, made through the real launcher (and so the real account CLI). */
final class Users {

    static final String PASSWORD = "conformance-password-1";

    private Users() {}

    /** A new ordinary user with a unique name. */
    static String createUser(SystemUnderTest system, String prefix) {
        String name = prefix + "-" + VpnApp.random(6).replaceAll("[^A-Za-z0-9]", "x").toLowerCase();
        var result = system.launcher("user", "add", name, "--password", PASSWORD);
        assertThat(result.succeeded()).as("./tunnelgate user add: %s", result.output()).isTrue();
        return name;
    }

    static PortalClient loggedIn(SystemUnderTest system, String name) {
        PortalClient browser = new PortalClient(system.httpsUrl("/"), http11());
        PortalClient.Page page = browser.login(name, PASSWORD);
        assertThat(page.status()).as("after login: %s", page).isEqualTo(200);
        return browser;
    }

    /**
     * HTTP/1.1, trusting the system's CA. (Written when these tests ran over plain http, where
     * java.net.http tries an h2c upgrade that Payara answers with GOAWAY under load; kept so the
     * conformance tests exercise the HTTP/1.1 path the VPN apps' libraries commonly take.)
     */
    static HttpClient.Builder http11() {
        return SystemUnderTest.get().httpClientBuilder().version(HttpClient.Version.HTTP_1_1);
    }

    static Connection database(SystemUnderTest system) throws SQLException {
        return DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
    }
}
