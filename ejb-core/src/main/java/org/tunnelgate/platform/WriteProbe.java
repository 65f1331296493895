package org.tunnelgate.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Can this instance write to the database cluster right now? Commits one row of its own in
 * {@code cluster_write_probe}. A Galera node outside the primary component refuses writes; a
 * cluster waiting to evict a dead node stalls them; a saturated pool hands out no connection: all
 * of them show up here as an error or as no answer within {@link #TIMEOUT}, and readiness goes DOWN
 * so keepalived moves the virtual IP to an instance that can write.
 *
 * <p>The probe runs on a worker thread so the health check can give up on it; while one probe is
 * still stuck, no second one is started (a stalled cluster must not collect a pile of them).
 */
public final class WriteProbe {

    /** keepalived checks about once a second; an answer must come well before the next check. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final ExecutorService executor;
    private final String instanceName;
    private final String version;
    private final Instant startedAt;
    private Future<?> running;
    private Instant runningSince;

    public WriteProbe(DataSource dataSource, ExecutorService executor, String instanceName, String version,
            Instant startedAt) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.instanceName = instanceName;
        this.version = version;
        this.startedAt = startedAt;
    }

    /** Empty when the write committed in time, otherwise why not. */
    public synchronized Optional<String> failure(Instant now) {
        if (running != null && !running.isDone()) {
            return Optional.of("a write to the database has not finished for "
                    + Duration.between(runningSince, now).toMillis() + " ms");
        }
        runningSince = now;
        running = executor.submit(() -> {
            write(now);
            return null;
        });
        try {
            running.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("a write to the database did not finish within " + TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("a write to the database failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    void write(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            // A lock held elsewhere must not keep the probe thread much longer than the check waits,
            // but a little longer: the check gives up first and says so, and the next check finds the
            // write still running instead of starting another. SET STATEMENT, so the pooled connection
            // keeps its session settings for everybody else.
            try (PreparedStatement insert = c.prepareStatement("SET STATEMENT innodb_lock_wait_timeout = "
                    + (TIMEOUT.toSeconds() + 1) + " FOR INSERT INTO cluster_write_probe"
                    + " (instance_name, version, started_at, probed_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                    + " version = VALUES(version), started_at = VALUES(started_at), probed_at = VALUES(probed_at)")) {
                insert.setQueryTimeout((int) TIMEOUT.toSeconds() + 2);
                insert.setString(1, instanceName);
                insert.setString(2, version);
                insert.setObject(3, UtcDateTime.toDatabase(startedAt));
                insert.setObject(4, UtcDateTime.toDatabase(now));
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // broken connection: the pool drops it
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }
}
