package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.rmi.UnmarshalException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * Payara's own administration — console, asadmin, its REST API and JMX — wants the admin password
 * the launcher generated into secrets/, even from this machine: anybody with a shell here (a
 * local user, a compromised service) would otherwise own the server.
 */
class PayaraAdministrationIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theAdminApiRefusesRequestsWithoutThePasswordAndAnswersWithIt() throws Exception {
        URI domain = URI.create("http://127.0.0.1:" + system.adminPort() + "/management/domain");

        var anonymous = http.send(HttpRequest.newBuilder(domain).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        var wrong = http.send(HttpRequest.newBuilder(domain).header("Accept", "application/json")
                .header("Authorization", basic("admin", "")).build(), HttpResponse.BodyHandlers.ofString());
        var admin = http.send(HttpRequest.newBuilder(domain).header("Accept", "application/json")
                .header("Authorization", basic("admin", payaraAdminPassword())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).as("the empty password of a fresh Payara").isEqualTo(401);
        assertThat(admin.statusCode()).isEqualTo(200);
    }

    @Test
    void jmxRefusesAConnectionWithoutThePasswordAndAcceptsOneWithIt() throws Exception {
        var url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + system.jmxPort() + "/jmxrmi");

        // Payara's refusal reaches the client as a SecurityException, or, without any credentials,
        // as an UnmarshalException (its login callback is not serialisable): either way, no connection
        assertThatThrownBy(() -> JMXConnectorFactory.connect(url, Map.of()).close())
                .isInstanceOfAny(SecurityException.class, UnmarshalException.class);
        assertThatThrownBy(() -> JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", ""})).close())
                .isInstanceOfAny(SecurityException.class, UnmarshalException.class);
        try (JMXConnector connector = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", payaraAdminPassword()}))) {
            assertThat(connector.getMBeanServerConnection().getMBeanCount()).isPositive();
        }
    }

    @Test
    void theAdminPasswordFileIsReadableByNobodyButTheLauncherAndTheServers() throws Exception {
        var permissions = Files.getPosixFilePermissions(system.payaraAdminPasswordFile());

        assertThat(permissions).doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.GROUP_WRITE);
    }

    private String payaraAdminPassword() throws Exception {
        String file = Files.readString(system.payaraAdminPasswordFile(), StandardCharsets.UTF_8);
        assertThat(file).startsWith("AS_ADMIN_PASSWORD=");
        return file.substring("AS_ADMIN_PASSWORD=".length()).trim();
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
