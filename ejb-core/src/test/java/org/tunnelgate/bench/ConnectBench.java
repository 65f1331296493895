package org.tunnelgate.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbPoolDataSource;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.openvpn.control.OpenVpnClients;
import org.tunnelgate.peer.control.ConfigurationIssuer;
import org.tunnelgate.peer.control.WireGuardKeyPair;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.profile.control.NodeShares;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.Protocol;
import org.tunnelgate.testsupport.MariaDbServer;

/**
 * Benchmark (not a test): domain-level connect throughput and latency for WireGuard and OpenVPN
 * against MariaDB — the very {@link ConfigurationIssuer} the /connect endpoint calls, without HTTP
 * — next to a raw JDBC insert-and-commit loop on the same database as the ceiling.
 *
 * <p>Each connect is an app connect for a new authorization of one of {@code accounts} accounts,
 * so the steady state includes the per-account cap eviction (delete) and the address allocation
 * (insert); WireGuard allocates from a /16. Run with {@code bench/connect/run} (see its README).
 *
 * <p>Settings (system properties): {@code threads} (8), {@code seconds} per measurement (10),
 * {@code warmup} seconds (3), {@code accounts} (1000), {@code jdbc.url}/{@code jdbc.user}/
 * {@code jdbc.password} to use an existing, empty database instead of a private mariadbd.
 */
public final class ConnectBench {

    record Result(String name, long operations, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return operations / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    @FunctionalInterface
    interface Operation {
        void run(long sequence) throws Exception;
    }

    private static final Instant EXPIRES = Instant.now().plus(Duration.ofDays(90));

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", 8);
        int seconds = Integer.getInteger("seconds", 10);
        int warmup = Integer.getInteger("warmup", 3);
        int accounts = Integer.getInteger("accounts", 1000);

        MariaDbServer server = null;
        String url = System.getProperty("jdbc.url");
        String user = System.getProperty("jdbc.user");
        String password = System.getProperty("jdbc.password");
        if (url == null) {
            server = MariaDbServer.start(Path.of("target", "bench-mariadb"));
            MariaDbServer.Database db = server.freshDatabase();
            url = db.jdbcUrl();
            user = db.user();
            password = db.password();
        }
        String poolUrl = url + (url.contains("?") ? "&" : "?") + "maxPoolSize=" + (threads + 2) + "&minPoolSize=" + threads
                + "&user=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        try (MariaDbPoolDataSource pool = new MariaDbPoolDataSource(poolUrl)) {
            Migrations.migrate(pool);
            long firstAccount = setUp(pool, accounts);

            MasterKey masterKey = MasterKey.fromBytes("benchmark master key, not a secret!!".getBytes(StandardCharsets.US_ASCII), "bench");
            Clock clock = Clock.systemUTC();
            ConfigurationIssuer issuer = new ConfigurationIssuer(pool, clock,
                    new OpenVpnClients(pool, () -> masterKey, clock), new SecureRandom());
            Profile wireguard = profile("bench-wg", List.of("wireguard"), "10.60.0.0/16", "fd60::/64", null);
            Profile openvpn = profile("bench-ovpn", List.of("openvpn"), null, null, "10.61.0.0/16");
            List<NodeChoice> nodes = List.of(new NodeChoice("bench", "vpn.example.org",
                    WireGuardKeyPair.generate().publicKey(), false));
            int maxApp = 3;
            String[] appKeys = new String[256];
            for (int i = 0; i < appKeys.length; i++) {
                appKeys[i] = WireGuardKeyPair.generate().publicKey();
            }
            AtomicLong authorizations = new AtomicLong(1);

            Operation raw = sequence -> {
                try (Connection c = pool.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO bench_raw (account_id, payload, created_at) VALUES (?, ?, ?)")) {
                        insert.setLong(1, firstAccount + sequence % accounts);
                        insert.setString(2, appKeys[(int) (sequence & 255)]);
                        insert.setObject(3, LocalDateTime.now(ZoneOffset.UTC));
                        insert.executeUpdate();
                    }
                    c.commit();
                }
            };
            Operation wgConnect = sequence -> issuer.issue(wireguard, nodes, ConnectRequest.app(firstAccount + sequence % accounts, authorizations.getAndIncrement(), wireguard.profileId())
                    .supporting(List.of(Protocol.WIREGUARD))
                    .withWireGuardKey(appKeys[(int) (sequence & 255)])
                    .preferringTcp(false)
                    .expiringAt(EXPIRES), maxApp);
            Operation ovpnConnect = sequence -> issuer.issue(openvpn, nodes, ConnectRequest.app(firstAccount + sequence % accounts, authorizations.getAndIncrement(), openvpn.profileId())
                    .supporting(List.of(Protocol.OPENVPN))
                    .withWireGuardKey(null)
                    .preferringTcp(false)
                    .expiringAt(EXPIRES), maxApp);

            System.out.printf(Locale.ROOT, "connect benchmark: %d threads, %ds per run after %ds warm-up, %d accounts, %d cores, %s%n",
                    threads, seconds, warmup, accounts, Runtime.getRuntime().availableProcessors(),
                    server == null ? url.replaceAll("password=[^&]*", "password=…") : "private mariadbd (innodb_flush_log_at_trx_commit=2)");
            List<Result> results = new ArrayList<>();
            results.add(measure("raw JDBC insert+commit", raw, threads, warmup, seconds));
            results.add(measure("WireGuard connect", wgConnect, threads, warmup, seconds));
            long duplicates = duplicateAddresses(pool);
            results.add(measure("OpenVPN connect", ovpnConnect, threads, warmup, seconds));
            double ceiling = results.get(0).perSecond();
            System.out.println();
            System.out.printf(Locale.ROOT, "| %-24s | %10s | %8s | %8s | %12s |%n", "operation", "ops/s", "p50 ms", "p99 ms", "vs raw JDBC");
            System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(26), "-".repeat(12), "-".repeat(10), "-".repeat(10), "-".repeat(14));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "| %-24s | %10.0f | %8.2f | %8.2f | %11.0f%% |%n", r.name(), r.perSecond(),
                        r.percentileMillis(50), r.percentileMillis(99), 100 * r.perSecond() / ceiling);
            }
            System.out.printf(Locale.ROOT, "%nWireGuard addresses held by more than one configuration after the run: %d%n", duplicates);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static Result measure(String name, Operation operation, int threads, int warmupSeconds, int seconds) throws Exception {
        run(operation, threads, Duration.ofSeconds(warmupSeconds));
        return run(name, operation, threads, Duration.ofSeconds(seconds));
    }

    private static void run(Operation operation, int threads, Duration duration) throws Exception {
        run("warm-up", operation, threads, duration);
    }

    private static Result run(String name, Operation operation, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    operation.run(sequence.getAndIncrement());
                    long took = System.nanoTime() - before;
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            all.add(worker.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(name, merged.length, elapsed, merged);
    }

    private static long duplicateAddresses(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT COUNT(*) - COUNT(DISTINCT ipv4) + COUNT(*) - COUNT(DISTINCT ipv6) "
                     + "FROM vpn_configuration WHERE protocol = 'wireguard'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long setUp(DataSource dataSource, int accounts) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE bench_raw (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL, "
                    + "payload VARCHAR(64) NOT NULL, created_at DATETIME(6) NOT NULL, KEY (account_id)) ENGINE=InnoDB");
            s.executeUpdate("INSERT INTO vpn_node (name, public_host) VALUES ('bench', 'vpn.example.org')");
            for (String profile : List.of("bench-wg", "bench-ovpn")) {
                s.executeUpdate("INSERT INTO vpn_profile (profile_id, display_name, protocols, host_names, dns_servers, "
                        + "dns_search_domains, routes, excluded_routes, permissions) VALUES ('" + profile + "', 'Bench', "
                        + "'wireguard', '', '', '', '', '', '')");
            }
            long first = -1;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO account (name, password_hash, role, enabled, "
                    + "created_at) VALUES (?, 'x', 'USER', TRUE, NOW(6))", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < accounts; i++) {
                    insert.setString(1, "bench-" + i);
                    insert.executeUpdate();
                    try (var keys = insert.getGeneratedKeys()) {
                        keys.next();
                        if (first < 0) {
                            first = keys.getLong(1);
                        }
                    }
                }
            }
            return first;
        }
    }

    private static Profile profile(String id, List<String> protocols, String wg4, String wg6, String ovpn4) {
        ProfileDefinition definition = new ProfileDefinition(id, id, 0, protocols, wg4, wg6, wg4 == null ? null : 51820,
                ovpn4, ovpn4 == null ? null : "fd61::/64", ovpn4 == null ? null : List.of(1194),
                ovpn4 == null ? null : List.of(443), List.of("vpn.example.org"), List.of("9.9.9.9"), List.of(),
                List.of(), List.of(), true, List.of(), null, List.of("bench"));
        return new Profile(definition, NodeShares.of(definition));
    }
}
