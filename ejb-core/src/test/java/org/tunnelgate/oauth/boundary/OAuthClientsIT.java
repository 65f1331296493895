package org.tunnelgate.oauth.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.oauth.InvalidClientRegistration;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.oauth.entity.RegisteredClient;
import org.tunnelgate.testsupport.JpaDatabase;

/** Operator-registered OAuth clients on a real MariaDB, next to the built-in apps. */
class OAuthClientsIT {

    JpaDatabase db;
    OAuthClients clients;

    @BeforeEach
    void freshDatabase() {
        db = new JpaDatabase();
        clients = clients(db);
    }

    static OAuthClients clients(JpaDatabase db) {
        OAuthClients clients = new OAuthClients();
        clients.em = db.em();
        clients.clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
        return clients;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRegisteredClientIsFoundWithItsRedirectUrisAndProvesItsSecret() {
        db.inTransaction(() -> clients.register("org.example.vpn", "Example VPN",
                List.of("https://app.example.org/callback", "http://127.0.0.1:{PORT}/callback"), "a secret of sixteen+"));

        OAuthClient client = clients.find("org.example.vpn").orElseThrow();
        assertThat(client.displayName()).isEqualTo("Example VPN");
        assertThat(client.acceptsRedirectUri("http://127.0.0.1:8123/callback")).isTrue();
        assertThat(client.acceptsRedirectUri("https://evil.example/callback")).isFalse();
        assertThat(client.authenticates("a secret of sixteen+")).isTrue();
        assertThat(client.authenticates("another secret..")).isFalse();
        assertThat(db.count("SELECT COUNT(*) FROM oauth_client WHERE secret_hash LIKE 'pbkdf2-sha256$%'")).isOne();
    }

    @Test
    void aBadRegistrationListsEveryProblemAndStoresNothing() {
        assertThatThrownBy(() -> db.inTransaction(() -> clients.register("org.eduvpn.app.linux", "",
                List.of("not a uri", "https://x.example/#fragment"), "short")))
                .isInstanceOf(InvalidClientRegistration.class)
                .hasMessageContaining("already exists").hasMessageContaining("display_name")
                .hasMessageContaining("not a uri").hasMessageContaining("#fragment")
                .hasMessageContaining("client_secret");

        assertThat(db.count("SELECT COUNT(*) FROM oauth_client")).isZero();
    }

    @Test
    void builtInAppsAreKnownAndCannotBeRegisteredAgainButRegisteredOnesCanBeRemoved() {
        assertThat(clients.find("org.eduvpn.app.android")).hasValueSatisfying(c -> assertThat(c.builtIn()).isTrue());
        db.inTransaction(() -> clients.register("org.example.vpn", "Example VPN", List.of("org.example.vpn:/cb"), null));

        assertThat(clients.registered()).extracting(OAuthClient::id).containsExactly("org.example.vpn");
        assertThat(db.inTransaction(() -> clients.unregister("org.example.vpn"))).isTrue();
        assertThat(db.inTransaction(() -> clients.unregister("org.example.vpn"))).isFalse();
        assertThat(clients.find("org.example.vpn")).isEmpty();
    }

    @Test
    void theDatabaseNeverGetsAClientThatBreaksTheEntitysOwnConstraints() {
        // the boundary checks first with friendlier words; the entity's constraints are the backstop
        assertThatThrownBy(() -> db.inTransaction(() -> db.em().persist(new RegisteredClient("bad id!", " ",
                List.of("https://x.example/cb"), null, Instant.parse("2026-11-21T12:00:00Z")))))
                .isInstanceOf(ConstraintViolationException.class)
                .satisfies(e -> assertThat(((ConstraintViolationException) e).getConstraintViolations())
                        .extracting(v -> v.getPropertyPath().toString())
                        .containsExactlyInAnyOrder("clientId", "displayName"));
        assertThat(db.count("SELECT COUNT(*) FROM oauth_client")).isZero();
    }
}
