package org.tunnelgate.stats.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.stats.entity.DailyFigures;
import org.tunnelgate.stats.entity.LiveSessions;
import org.tunnelgate.stats.entity.Sample;

/**
 * The statistics' SQL: a sample of the live sessions per profile and node, the daily figures per
 * profile recomputed from the connection log (unique users) and the samples (most concurrent), and
 * the reads for the console and the API. Days are UTC days.
 */
public final class StatisticsStore {

    private StatisticsStore() {}

    /** Records how many sessions are open now per profile and node; returns how many rows. */
    public static int sample(Connection c, Instant at, long fencingToken) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO stats_sample"
                + " (sampled_at, profile_id, node_name, connections, fencing_token)"
                + " SELECT ?, profile_id, node_name, COUNT(*), ? FROM connection_log WHERE disconnected_at IS NULL"
                + " GROUP BY profile_id, node_name")) {
            s.setObject(1, UtcDateTime.toDatabase(at));
            s.setLong(2, fencingToken);
            return s.executeUpdate();
        }
    }

    /** Recomputes one UTC day's figures for every profile that had a session or a sample in it. */
    public static void aggregate(Connection c, LocalDate day) throws SQLException {
        LocalDateTime start = day.atStartOfDay();
        LocalDateTime end = day.plusDays(1).atStartOfDay();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stats_daily (day, profile_id, unique_users, max_concurrent)"
                + " SELECT ?, u.profile_id, u.users, COALESCE(m.most, 0) FROM"
                + " (SELECT profile_id, COUNT(DISTINCT account_id) AS users FROM ("
                + "   SELECT profile_id, account_id FROM connection_log WHERE disconnected_at >= ? AND connected_at < ?"
                + "   UNION ALL"
                + "   SELECT profile_id, account_id FROM connection_log WHERE disconnected_at IS NULL AND connected_at < ?"
                + " ) overlapping GROUP BY profile_id) u"
                + " LEFT JOIN (SELECT profile_id, MAX(total) AS most FROM"
                + "   (SELECT sampled_at, profile_id, SUM(connections) AS total FROM stats_sample"
                + "    WHERE sampled_at >= ? AND sampled_at < ? GROUP BY sampled_at, profile_id) t GROUP BY profile_id) m"
                + " ON m.profile_id = u.profile_id"
                + " ON DUPLICATE KEY UPDATE unique_users = VALUES(unique_users), max_concurrent = VALUES(max_concurrent)")) {
            s.setObject(1, day);
            s.setObject(2, start);
            s.setObject(3, end);
            s.setObject(4, end);
            s.setObject(5, start);
            s.setObject(6, end);
            s.executeUpdate();
        }
    }

    /** Forgets samples and days older than the given moments. */
    public static void prune(Connection c, Instant samplesBefore, LocalDate daysBefore) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM stats_sample WHERE sampled_at < ? LIMIT 50000")) {
            s.setObject(1, UtcDateTime.toDatabase(samplesBefore));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM stats_daily WHERE day < ?")) {
            s.setObject(1, daysBefore);
            s.executeUpdate();
        }
    }

    /** The sessions open now per node, profile and protocol, in that order (no row for none). */
    public static List<LiveSessions> live(Connection c) throws SQLException {
        List<LiveSessions> live = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_name, profile_id, protocol, COUNT(*) FROM connection_log"
                + " WHERE disconnected_at IS NULL GROUP BY node_name, profile_id, protocol ORDER BY node_name, profile_id, protocol");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                live.add(new LiveSessions(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
            }
        }
        return live;
    }

    /** The samples since a moment, oldest first. */
    public static List<Sample> samples(Connection c, Instant since) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT sampled_at, profile_id, node_name, connections FROM stats_sample"
                + " WHERE sampled_at >= ? ORDER BY sampled_at, profile_id, node_name")) {
            s.setObject(1, UtcDateTime.toDatabase(since));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    samples.add(new Sample(UtcDateTime.fromDatabase(rows.getObject(1, LocalDateTime.class)), rows.getString(2),
                            rows.getString(3), rows.getInt(4)));
                }
            }
        }
        return samples;
    }

    /** The daily figures from a day on, oldest first. */
    public static List<DailyFigures> days(Connection c, LocalDate from) throws SQLException {
        List<DailyFigures> days = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT day, profile_id, unique_users, max_concurrent FROM stats_daily"
                + " WHERE day >= ? ORDER BY day, profile_id")) {
            s.setObject(1, from);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    days.add(new DailyFigures(rows.getObject(1, LocalDate.class), rows.getString(2), rows.getInt(3), rows.getInt(4)));
                }
            }
        }
        return days;
    }

    /** The UTC day of a moment. */
    public static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
