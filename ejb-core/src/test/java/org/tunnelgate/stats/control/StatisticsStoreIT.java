package org.tunnelgate.stats.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.stats.entity.DailyFigures;
import org.tunnelgate.stats.entity.LoggedConnection;
import org.tunnelgate.testsupport.MariaDbServer;
import org.tunnelgate.stats.entity.ConnectionFilter;

/**
 * The console's reads of the connection log and the statistics, on a real MariaDB: live sessions
 * narrowed by profile, node, user and protocol and paged by id; every session of a person; samples
 * per profile and node; the daily unique users (sessions that overlapped the day, however long)
 * and most concurrent connections (the highest sample of the day, summed over the nodes).
 */
class StatisticsStoreIT {

    static final Instant DAY = Instant.parse("2026-12-02T00:00:00Z");

    final MariaDbServer.Database db = MariaDbServer.shared().freshDatabase();

    StatisticsStoreIT() throws SQLException {
        Migrations.migrate(db.dataSource());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // alice: two sessions on the 2nd (one on each node), still connected on node1; bob: a session that
            // began on the 1st and ended on the 2nd, then one over WireGuard on the 3rd; carol: OpenVPN, live
            session(s, 1, "alice", "staff", "node1", "wireguard", "2026-12-02 08:00:00", null);
            session(s, 1, "alice", "staff", "node2", "wireguard", "2026-12-02 09:00:00", "2026-12-02 10:00:00");
            session(s, 2, "bob", "staff", "node1", "wireguard", "2026-12-01 22:00:00", "2026-12-02 01:00:00");
            session(s, 2, "bob", "staff", "node2", "wireguard", "2026-12-03 07:00:00", "2026-12-03 08:00:00");
            session(s, 3, "carol", "guests", "node2", "openvpn", "2026-12-02 12:00:00", null);
        }
    }

    private static void session(Statement s, long account, String name, String profile, String node, String protocol,
                                String from, String until) throws SQLException {
        s.executeUpdate("INSERT INTO connection_log (configuration_id, account_id, account_name, profile_id, node_name, protocol,"
                + " ipv4, connected_at, disconnected_at) VALUES (" + account + ", " + account + ", '" + name + "', '" + profile
                + "', '" + node + "', '" + protocol + "', '10.0.0." + account + "', '" + from + "', "
                + (until == null ? "NULL" : "'" + until + "'") + ")");
    }

    private <T> T run(JdbcTransaction.Work<T> work) {
        return JdbcTransaction.run(db.dataSource(), work);
    }

    private List<LoggedConnection> live(String profile, String node, String user, String protocol, long before) {
        return run(c -> ConnectionLookups.live(c, new ConnectionFilter(profile, node, user, protocol), before, 10));
    }

    private List<LoggedConnection> ofAccount(String name, long before) {
        return run(c -> ConnectionLookups.ofAccount(c, name, before, 10));
    }

    @Test
    void liveSessionsAreNarrowedByEveryFilterAndPagedNewestFirst() {
        List<LoggedConnection> all = live(null, null, null, null, 0);
        assertThat(all).extracting(LoggedConnection::accountName).containsExactly("carol", "alice");
        assertThat(live("staff", null, null, null, 0)).extracting(LoggedConnection::accountName).containsExactly("alice");
        assertThat(live(null, "node2", null, "openvpn", 0)).extracting(LoggedConnection::accountName).containsExactly("carol");
        assertThat(live(null, null, "alice", "openvpn", 0)).isEmpty();
        assertThat(live(null, null, null, null, all.get(0).id())).extracting(LoggedConnection::accountName).containsExactly("alice");
    }

    @Test
    void everySessionOfAPersonNewestFirst() {
        List<LoggedConnection> bobs = ofAccount("bob", 0);
        assertThat(bobs).extracting(LoggedConnection::nodeName).containsExactly("node2", "node1");
        assertThat(ofAccount("bob", bobs.get(0).id())).hasSize(1);
        java.util.Optional<LoggedConnection> found = run(c -> ConnectionLookups.find(c, bobs.get(1).id()));
        assertThat(found).contains(bobs.get(1));
    }

    @Test
    void samplesCountLiveSessionsAndTheDayCountsUniqueUsersAndTheHighestSample() {
        Instant noon = DAY.plusSeconds(12 * 3600 + 300);
        int rows = run(c -> StatisticsStore.sample(c, noon, 7));
        assertThat(rows).as("staff@node1, guests@node2").isEqualTo(2);
        run(c -> {
            // an earlier sample of the same day with more at once (written as the job would have)
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO stats_sample VALUES ('2026-12-02 09:30:00', 'staff', 'node1', 1, 7),"
                        + " ('2026-12-02 09:30:00', 'staff', 'node2', 1, 7)");
            }
            StatisticsStore.aggregate(c, LocalDate.parse("2026-12-02"));
            return null;
        });
        List<org.tunnelgate.stats.entity.Sample> samples = run(c -> StatisticsStore.samples(c, noon));
        assertThat(samples).extracting(x -> x.profileId() + "@" + x.nodeName() + "=" + x.connections())
                .containsExactly("guests@node2=1", "staff@node1=1");
        List<DailyFigures> days = run(c -> StatisticsStore.days(c, LocalDate.parse("2026-12-01")));
        assertThat(days).containsExactly(new DailyFigures(LocalDate.parse("2026-12-02"), "guests", 1, 1),
                new DailyFigures(LocalDate.parse("2026-12-02"), "staff", 2, 2));
    }
}
