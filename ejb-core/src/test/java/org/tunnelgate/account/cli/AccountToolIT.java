package org.tunnelgate.account.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.testsupport.MariaDbServer;

class AccountToolIT {

    private MariaDbServer.Database db;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void migratedDatabase() {
        db = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(db.dataSource());
        env.put("TUNNELGATE_JDBC_URL", db.jdbcUrl());
        env.put("TUNNELGATE_JDBC_USER", db.user());
        env.put("TUNNELGATE_JDBC_PASSWORD", db.password());
    }

    @Test
    void addStoresAnArgon2idHashThatVerifiesWithTheGivenPassword() throws SQLException {
        assertThat(run("add", "alice", "--password", "correct horse battery")).isZero();

        assertThat(out).isEqualTo("created alice\n");
        String hash = storedHash("alice");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(new PasswordHasher().verify("correct horse battery", hash)).isTrue();
    }

    @Test
    void addWithoutAPasswordPrintsTheGeneratedOneOnce() throws SQLException {
        assertThat(run("add", "bob", "--admin")).isZero();

        String[] words = out.trim().split(" ");
        assertThat(words).hasSize(3);
        assertThat(words[0] + " " + words[1]).isEqualTo("created bob");
        assertThat(new PasswordHasher().verify(words[2], storedHash("bob"))).isTrue();
        run("list");
        assertThat(out).startsWith("bob\tadmin\tenabled\t");
    }

    @Test
    void badInputExitsWithTwoAndSaysWhy() {
        assertThat(run("add", "alice", "--password", "short")).isEqualTo(2);
        assertThat(err).contains("at least 10");
        assertThat(run("add", "not a name", "--password", "long enough pass")).isEqualTo(2);
        assertThat(run("disable", "nobody")).isEqualTo(2);
        assertThat(err).contains("no account named nobody");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err).contains("usage");
        run("add", "carol", "--password", "long enough pass");
        assertThat(run("add", "carol", "--password", "long enough pass")).isEqualTo(2);
        assertThat(err).contains("already exists");
    }

    @Test
    void disableAndEnableShowInTheList() {
        run("add", "dave", "--password", "long enough pass");

        assertThat(run("disable", "dave")).isZero();
        run("list");
        assertThat(out).contains("dave\tuser\tdisabled");

        assertThat(run("enable", "dave")).isZero();
        run("list");
        assertThat(out).contains("dave\tuser\tenabled");
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledButOneOfTwoCan() {
        run("add", "grace", "--admin", "--password", "long enough pass");

        assertThat(run("disable", "grace")).isEqualTo(2);
        assertThat(err).contains("grace is the last enabled admin");
        run("list");
        assertThat(out).contains("grace\tadmin\tenabled");

        run("add", "heidi", "--admin", "--password", "long enough pass");
        assertThat(run("disable", "grace")).isZero();
        assertThat(run("disable", "heidi")).isEqualTo(2);
        assertThat(run("enable", "grace")).isZero();
        assertThat(run("disable", "heidi")).isZero();
    }

    /**
     * The console disabling one admin while the tool disables the other: the tool waits for the
     * console's transaction (the guard row) and then counts the admins that are left. Without the
     * guard it would count both as enabled and leave none.
     */
    @Test
    void aDisableWaitsForTheConsolesChangeToTheAdminsAndThenCountsAgain() throws Exception {
        run("add", "ivan", "--admin", "--password", "long enough pass");
        run("add", "judy", "--admin", "--password", "long enough pass");
        var pool = Executors.newSingleThreadExecutor();
        try (var console = db.dataSource().getConnection(); var s = console.createStatement()) {
            console.setAutoCommit(false);
            s.executeUpdate("UPDATE admin_guard SET changes = changes + 1 WHERE id = 1"); // what AccountAdministration does first
            s.executeUpdate("UPDATE account SET enabled = FALSE WHERE name = 'judy'");

            var tool = pool.submit(() -> run("disable", "ivan"));
            assertThat(waitUntil(Duration.ofSeconds(30), () -> guardWaits() > 0))
                    .as("the tool waits for the console's transaction on the guard row").isTrue();
            assertThat(tool.isDone()).isFalse();
            console.commit();

            assertThat(tool.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(err).contains("ivan is the last enabled admin");
        } finally {
            pool.shutdownNow();
        }
        run("list");
        assertThat(out).contains("ivan\tadmin\tenabled");
    }

    /** Two dozen admins, each disabled by its own tool run at the same moment: exactly one stays. */
    @Test
    void disablingEveryAdminAtOnceLeavesExactlyOneEnabled() throws Exception {
        List<String> admins = IntStream.range(0, 24).mapToObj(i -> "admin" + i).toList();
        admins.forEach(name -> run("add", name, "--admin", "--password", "long enough pass"));
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(admins.size());
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (String name : admins) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return new AccountTool(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            Clock.systemUTC()).run(new String[] {"disable", name},
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                }));
            }
            start.countDown();
            for (Future<Integer> status : runs) {
                statuses.add(status.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).as("exit statuses").containsOnly(0, 2);
        assertThat(statuses.stream().filter(status -> status == 2)).as("refused").hasSize(1);
        run("list");
        assertThat(out.lines().filter(line -> line.contains("\tadmin\tenabled"))).as("enabled admins").hasSize(1);
    }

    /** Statements waiting on the guard row (the console's transaction holds it). */
    private long guardWaits() throws SQLException {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             // the same user's connections: no PROCESS privilege needed; an idle connection shows no statement
             var r = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                     + " WHERE INFO LIKE 'UPDATE admin_guard%' AND ID <> CONNECTION_ID()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static boolean waitUntil(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) return true;
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }

    @Test
    void disableRemovesTheAccountsVpnConfigurationsSoTheNodesDropThemAtTheirNextReconciliation() throws SQLException {
        run("add", "erin", "--password", "long enough pass");
        run("add", "frank", "--password", "long enough pass");
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO vpn_profile (profile_id, display_name, protocols, host_names, dns_servers, "
                    + "dns_search_domains, routes, excluded_routes, permissions) VALUES ('staff', 'Staff', 'wireguard', '', '', '', '', '', '')");
            for (String owner : List.of("erin", "erin", "frank")) {
                s.executeUpdate("INSERT INTO vpn_configuration (account_id, profile_id, protocol, created_at, expires_at) "
                        + "SELECT id, 'staff', 'wireguard', NOW(6), NOW(6) + INTERVAL 1 DAY FROM account WHERE name = '" + owner + "'");
            }
        }

        assertThat(run("disable", "erin")).isZero();

        assertThat(configurationsOf("erin")).isZero();
        assertThat(configurationsOf("frank")).as("another account's configurations").isEqualTo(1);
    }

    private int configurationsOf(String name) throws SQLException {
        try (var c = db.dataSource().getConnection(); var s = c.prepareStatement(
                "SELECT COUNT(*) FROM vpn_configuration WHERE account_id = (SELECT id FROM account WHERE name = ?)")) {
            s.setString(1, name);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void ensureAdminCreatesTheFirstAdminOnlyOnce() throws SQLException {
        env.put("TUNNELGATE_ADMIN_PASSWORD", "first admin password");

        assertThat(run("ensure-admin", "admin")).isZero();
        assertThat(out).isEqualTo("created admin first admin password\n");
        assertThat(new PasswordHasher().verify("first admin password", storedHash("admin"))).isTrue();

        assertThat(run("ensure-admin", "admin")).isZero();
        assertThat(out).isEqualTo("exists\n");
    }

    @Test
    void anUnreachableDatabaseIsAFailureNotBadInput() {
        env.put("TUNNELGATE_JDBC_URL", "jdbc:mariadb://127.0.0.1:1/nothing?connectTimeout=500");

        assertThat(run("list")).isEqualTo(1);
        assertThat(err).startsWith("failed:");
    }

    private int run(String... args) {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        int status = new AccountTool(env, new PrintStream(stdout, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC())
                .run(args, new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return status;
    }

    private String storedHash(String name) throws SQLException {
        try (var c = db.connect(); var s = c.prepareStatement("SELECT password_hash FROM account WHERE name = ?")) {
            s.setString(1, name);
            try (var r = s.executeQuery()) {
                assertThat(r.next()).as("account %s exists", name).isTrue();
                return r.getString(1);
            }
        }
    }
}
