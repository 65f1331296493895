package org.tunnelgate.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Scheduled work exactly once per period for the whole cluster. Every instance ticks (a
 * non-persistent timer fires on each of them) and asks {@link #claim}; it gets a {@link Run} only
 * when, in one short transaction,
 * <ol>
 * <li>it holds the job's lease ({@code job_lease}): it is the holder, or the row has no holder, or
 *     the holder's lease ran out — the holder died or stalls longer than {@code leaseTime}, and the
 *     job moves to a surviving instance. Every change of holder raises the fencing token;</li>
 * <li>and it is the first to claim the current period ({@code job_run}, primary key job + period
 *     start): even two instances that both believe they hold the lease — a stalled holder waking up
 *     after a takeover — cannot run one period twice.</li>
 * </ol>
 * The work runs after the commit, outside any transaction, and carries the fencing token into what
 * it records. Plain JDBC with retries on deadlocks and Galera certification conflicts.
 */
public final class ClusterJobs {

    /** A claimed period: run the job now. */
    public record Run(String job, Instant periodStart, long fencingToken) {}

    private static final Set<String> RACED = Set.of("PRIMARY");

    private ClusterJobs() {}

    public static Optional<Run> claim(DataSource dataSource, String job, String instanceId, Duration period,
                                      Duration leaseTime, Instant now) {
        Instant periodStart = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), period.toMillis()));
        return JdbcTransaction.run(dataSource, RACED, c -> {
            long token = lease(c, job, instanceId, leaseTime, now);
            if (token < 0) {
                return Optional.<Run>empty();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT IGNORE INTO job_run"
                    + " (job, period_start, instance_id, fencing_token, started_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, job);
                insert.setObject(2, UtcDateTime.toDatabase(periodStart));
                insert.setString(3, instanceId);
                insert.setLong(4, token);
                insert.setObject(5, UtcDateTime.toDatabase(now));
                if (insert.executeUpdate() == 0) {
                    return Optional.<Run>empty(); // this period already ran
                }
            }
            return Optional.of(new Run(job, periodStart, token));
        });
    }

    /** Takes or renews the lease; the fencing token while held, -1 when another instance holds it. */
    private static long lease(Connection c, String job, String instanceId, Duration leaseTime, Instant now)
            throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "INSERT IGNORE INTO job_lease (job, holder, fencing_token, lease_until) VALUES (?, NULL, 0, ?)")) {
            create.setString(1, job);
            create.setObject(2, UtcDateTime.toDatabase(Instant.EPOCH));
            create.executeUpdate();
        }
        String holder;
        long token;
        Instant until;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT holder, fencing_token, lease_until FROM job_lease WHERE job = ? FOR UPDATE")) {
            select.setString(1, job);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                holder = row.getString(1);
                token = row.getLong(2);
                until = UtcDateTime.fromDatabase(row.getObject(3, LocalDateTime.class));
            }
        }
        boolean mine = instanceId.equals(holder);
        if (!mine && holder != null && until.isAfter(now)) {
            return -1;
        }
        long newToken = mine ? token : token + 1;
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE job_lease SET holder = ?, fencing_token = ?, lease_until = ? WHERE job = ?")) {
            update.setString(1, instanceId);
            update.setLong(2, newToken);
            update.setObject(3, UtcDateTime.toDatabase(now.plus(leaseTime)));
            update.setString(4, job);
            update.executeUpdate();
        }
        return newToken;
    }

    /** Records that this instance is alive (its row in {@code controller_instance}). */
    public static void heartbeat(DataSource dataSource, String instanceId, String host, Instant startedAt, Instant now) {
        JdbcTransaction.run(dataSource, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO controller_instance"
                    + " (instance_id, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE heartbeat_at = VALUES(heartbeat_at)")) {
                upsert.setString(1, instanceId);
                upsert.setString(2, host.length() > 255 ? host.substring(0, 255) : host);
                upsert.setObject(3, UtcDateTime.toDatabase(startedAt));
                upsert.setObject(4, UtcDateTime.toDatabase(now));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets run records and instances older than {@code keep} (housekeeping). */
    public static int prune(DataSource dataSource, Duration keep, Instant now) {
        return JdbcTransaction.run(dataSource, c -> {
            int removed;
            try (PreparedStatement runs = c.prepareStatement("DELETE FROM job_run WHERE period_start < ? LIMIT 10000")) {
                runs.setObject(1, UtcDateTime.toDatabase(now.minus(keep)));
                removed = runs.executeUpdate();
            }
            try (PreparedStatement instances = c.prepareStatement("DELETE FROM controller_instance WHERE heartbeat_at < ?")) {
                instances.setObject(1, UtcDateTime.toDatabase(now.minus(keep)));
                removed += instances.executeUpdate();
            }
            return removed;
        });
    }
}
