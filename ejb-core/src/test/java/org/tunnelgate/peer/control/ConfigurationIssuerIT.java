package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tunnelgate.profile.entity.Protocol.OPENVPN;
import static org.tunnelgate.profile.entity.Protocol.WIREGUARD;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.peer.ConfigurationRefused;
import org.tunnelgate.peer.NoCapacity;
import org.tunnelgate.peer.NoCommonProtocol;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * Issuing configurations against a real MariaDB: address uniqueness under racing "instances"
 * (separate connection pools), one configuration per authorization, the per-account cap, pool
 * exhaustion and disconnect.
 */
class ConfigurationIssuerIT {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant EXPIRES = NOW.plus(Duration.ofDays(90));
    static final List<NodeChoice> NODES = List.of(new NodeChoice("local", "vpn.example.org", TestProfiles.NODE_KEY, false));

    ConfigurationDatabase db;
    long alice;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = new ConfigurationDatabase();
        alice = db.account("alice");
    }

    ConfigurationIssuer issuer(DataSource dataSource) {
        return new ConfigurationIssuer(dataSource, CLOCK, null, new SecureRandom());
    }

    static ConnectRequest app(long account, long authorization) {
        return ConnectRequest.app(account, authorization, "employees")
                .supporting(List.of(WIREGUARD, OPENVPN))
                .withWireGuardKey(WireGuardKeyPair.generate().publicKey())
                .preferringTcp(false)
                .expiringAt(EXPIRES);
    }

    static Profile profileWithPool(String ipv4Range) {
        return TestProfiles.build(new ProfileDefinition("employees", "Employees", 0, List.of("wireguard"),
                ipv4Range, "fd43::/64", 51820, null, null, null, null, List.of(), List.of("9.9.9.9"), List.of(),
                List.of(), List.of(), true, List.of(), null, List.of("local")));
    }

    @Test
    void twoHundredRacingConnectsOnTwoInstancesNeverShareAnAddress() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        List<ConfigurationIssuer> instances = List.of(issuer(db.dataSource()), issuer(db.dataSource()));
        int connects = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<VpnConfiguration>> results = new ArrayList<>();
        for (int i = 0; i < connects; i++) {
            ConfigurationIssuer instance = instances.get(i % 2);
            ConnectRequest request = app(alice, 1000 + i);
            results.add(pool.submit(() -> {
                start.await();
                return instance.issue(profile, NODES, request, 1000).configuration();
            }));
        }
        start.countDown();
        Set<String> addresses = new HashSet<>();
        for (Future<VpnConfiguration> result : results) {
            String body = result.get(60, TimeUnit.SECONDS).body();
            String address = body.lines().filter(l -> l.startsWith("Address = ")).findFirst().orElseThrow();
            assertThat(addresses.add(address)).as("address handed out twice: " + address).isTrue();
        }
        pool.shutdown();
        assertThat(addresses).hasSize(connects);
        assertThat(db.column("SELECT COUNT(DISTINCT ipv4), COUNT(DISTINCT ipv6), COUNT(*) FROM vpn_configuration"))
                .containsExactly(String.valueOf(connects));
        assertThat(db.count("wg_host NOT BETWEEN 2 AND 254")).isZero();
    }

    @Test
    void aFullPoolGivesNoCapacityAndChangesNothing() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/29");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        for (int i = 0; i < 5; i++) {
            issuer.issue(profile, NODES, app(alice, i), 100);
        }
        assertThatThrownBy(() -> issuer.issue(profile, NODES, app(alice, 99), 100))
                .isInstanceOf(NoCapacity.class).hasMessageContaining("no free address");
        assertThat(db.count("TRUE")).isEqualTo(5);
        assertThat(db.column("SELECT ipv4 FROM vpn_configuration ORDER BY wg_host"))
                .containsExactly("10.43.0.2", "10.43.0.3", "10.43.0.4", "10.43.0.5", "10.43.0.6");
    }

    @Test
    void aNewConnectReplacesTheAuthorizationsPreviousConfigurationEvenWhenRacing() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<VpnConfiguration>> sameApp = Collections.nCopies(40, () -> issuer.issue(profile, NODES, app(alice, 7), 3).configuration());
        for (Future<VpnConfiguration> f : pool.invokeAll(sameApp)) {
            f.get();
        }
        pool.shutdown();
        assertThat(db.count("authorization_id = 7")).isEqualTo(1);
        assertThat(db.count("TRUE")).isEqualTo(1);
    }

    @Test
    void theOldestAppConfigurationIsEvictedBeyondTheCapButPortalDownloadsStay() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        issuer.issue(profile, NODES, ConnectRequest.portal(alice, "employees", WIREGUARD)
                .expiringAt(EXPIRES)
                .named("laptop"), 3);
        for (long authorization = 1; authorization <= 4; authorization++) {
            issuer.issue(profile, NODES, app(alice, authorization), 3);
        }
        assertThat(db.column("SELECT authorization_id FROM vpn_configuration WHERE authorization_id IS NOT NULL ORDER BY 1"))
                .containsExactly("2", "3", "4");
        assertThat(db.count("authorization_id IS NULL AND display_name = 'laptop'")).isEqualTo(1);
    }

    @Test
    void disconnectFreesTheAddressForTheNextClient() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/30"); // exactly one client address: .2
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        issuer.issue(profile, NODES, app(alice, 1), 3);
        assertThatThrownBy(() -> issuer.issue(profile, NODES, app(alice, 2), 3)).isInstanceOf(NoCapacity.class);

        try (var c = db.database.connect()) {
            c.setAutoCommit(true);
            assertThat(ConfigurationStore.deleteByAuthorization(c, 1)).singleElement()
                    .satisfies(removed -> assertThat(removed.ipv4()).isEqualTo("10.43.0.2"));
        }
        assertThat(issuer.issue(profile, NODES, app(alice, 2), 3).configuration().body()).contains("Address = 10.43.0.2/30");
    }

    @Test
    void expiredConfigurationsAreSweptOnceAndTheSweepIsIdempotent() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        issuer.issue(profile, NODES, ConnectRequest.app(alice, 1, "employees")
                .supporting(List.of(WIREGUARD))
                .withWireGuardKey(WireGuardKeyPair.generate().publicKey())
                .preferringTcp(false)
                .expiringAt(NOW.plusSeconds(60)), 3);
        issuer.issue(profile, NODES, app(alice, 2), 3);
        try (var c = db.database.connect()) {
            assertThat(ConfigurationStore.deleteExpired(c, NOW.plusSeconds(61), 100)).hasSize(1);
            assertThat(ConfigurationStore.deleteExpired(c, NOW.plusSeconds(61), 100)).isEmpty();
        }
        assertThat(db.count("TRUE")).isEqualTo(1);
    }

    @Test
    void configurationsOfDisabledAccountsAreRemovedAndOthersStay() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        long bob = db.account("bob");
        ConfigurationIssuer issuer = issuer(db.dataSource());
        issuer.issue(profile, NODES, app(alice, 1), 3);
        issuer.issue(profile, NODES, app(bob, 2), 3);
        try (var c = db.database.connect()) {
            c.createStatement().executeUpdate("UPDATE account SET enabled = FALSE WHERE name = 'bob'");
            assertThat(ConfigurationStore.deleteOfDisabledAccounts(c, 100)).extracting(r -> r.accountId()).containsExactly(bob);
            assertThat(ConfigurationStore.deleteOfDisabledAccounts(c, 100)).isEmpty();
        }
        assertThat(db.column("SELECT authorization_id FROM vpn_configuration")).containsExactly("1");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        Profile profile = profileWithPool("10.43.0.0/24");
        db.profile(profile);
        ConfigurationIssuer issuer = issuer(db.dataSource());
        issuer.issue(profile, NODES, app(alice, 1), 3);
        assertThatThrownBy(() -> issuer.issue(profile, NODES, ConnectRequest.app(alice, 1, "employees")
                .supporting(List.of(WIREGUARD))
                .withWireGuardKey("'; DROP TABLE vpn_configuration; --")
                .preferringTcp(false)
                .expiringAt(EXPIRES), 3))
                .isInstanceOf(ConfigurationRefused.class);
        assertThatThrownBy(() -> issuer.issue(profile, NODES, ConnectRequest.app(alice, 1, "employees")
                .supporting(List.of(WIREGUARD))
                .withWireGuardKey(null)
                .preferringTcp(false)
                .expiringAt(EXPIRES), 3))
                .isInstanceOf(NoCommonProtocol.class);
        assertThat(db.count("authorization_id = 1")).isEqualTo(1);
    }

    @Test
    void aProfilesShorterSessionExpiryWins() throws Exception {
        Profile split = TestProfiles.splitTunnel(); // session_expiry P1D
        db.profile(split);
        VpnConfiguration config = issuer(db.dataSource()).issue(split, NODES, ConnectRequest.app(alice, 1, "admins-wg")
                .supporting(List.of(WIREGUARD))
                .withWireGuardKey(WireGuardKeyPair.generate().publicKey())
                .preferringTcp(false)
                .expiringAt(EXPIRES), 3).configuration();
        assertThat(config.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }
}
