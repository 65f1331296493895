package org.tunnelgate.openvpn.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tunnelgate.pki.control.CaStore;
import org.tunnelgate.pki.control.CertificateAuthority;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.testsupport.MariaDbServer;

/**
 * A node's OpenVPN server certificate against a real MariaDB: issued once and then reused, re-issued
 * in its last month — and only that call says {@code renewed}, which is what makes the controller
 * send the node its state at once (NodeSync) instead of leaving the new certificate in the database.
 */
class ServerCredentialsIT {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static final MasterKey KEY = MasterKey.fromBytes("integration-test master key, 32+ bytes".getBytes(StandardCharsets.US_ASCII), "test");

    @Test
    void aCertificateInItsLastMonthIsReissuedOnceAndThatCallSaysRenewed() throws Exception {
        var database = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(database.dataSource());
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO vpn_node (name, public_host) VALUES ('node1', 'vpn1.example.org')");
            s.executeUpdate("INSERT INTO vpn_profile (profile_id, display_name, protocols, host_names, dns_servers,"
                    + " dns_search_domains, routes, excluded_routes, permissions) VALUES ('staff', 'Staff', 'openvpn', '', '', '', '', '', '')");
        }
        CertificateAuthority ca = CaStore.loadOrCreate(database.dataSource(), KEY, NOW);
        try (Connection c = database.connect()) {
            var first = ServerCredentials.forNode(c, KEY, ca, "node1", "vpn1.example.org", "staff", NOW);
            assertThat(first.renewed()).as("a first certificate is not a renewal").isFalse();
            var again = ServerCredentials.forNode(c, KEY, ca, "node1", "vpn1.example.org", "staff", NOW.plus(Duration.ofDays(300)));
            assertThat(again.certificatePem()).isEqualTo(first.certificatePem());
            assertThat(again.renewed()).isFalse();

            Instant lastMonth = first.notAfter().minus(Duration.ofDays(29));
            var renewed = ServerCredentials.forNode(c, KEY, ca, "node1", "vpn1.example.org", "staff", lastMonth);
            assertThat(renewed.renewed()).isTrue();
            assertThat(renewed.certificatePem()).isNotEqualTo(first.certificatePem());
            assertThat(renewed.notAfter()).isAfter(first.notAfter());
            assertThat(renewed.privateKeyPem()).isNotEqualTo(first.privateKeyPem());

            var next = ServerCredentials.forNode(c, KEY, ca, "node1", "vpn1.example.org", "staff", lastMonth.plusSeconds(3));
            assertThat(next.renewed()).as("the next state's build reads the renewed one").isFalse();
            assertThat(next.certificatePem()).isEqualTo(renewed.certificatePem());
            assertThat(next.privateKeyPem()).isEqualTo(renewed.privateKeyPem());
        }
    }
}
