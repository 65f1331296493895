package org.tunnelgate.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Runs a short unit of plain-JDBC work in its own local transaction and repeats it when the
 * database says "try again": a deadlock or Galera certification conflict (1213 / SQLSTATE 40001),
 * a lock wait timeout (1205), or a duplicate key (1062) on one of the keys the caller names as
 * raced for — a concurrent transaction took the same value first. Any other duplicate key is a bug
 * or bad data, and fails at once with the key named instead of being retried. Each attempt starts
 * from scratch, so the work must read what it decides on inside the transaction.
 *
 * <p>A lost database connection (a Galera node killed or evicted; Connector/J's failover URL then
 * connects to the next node) is retried too, but only while the work runs: nothing has been sent
 * for commit, so the database rolled it back. When the connection breaks during the commit itself
 * nobody knows whether it committed, and the work is never run again ({@link CommitOutcomeUnknown}):
 * a configuration must not be issued twice. See {@link DatabaseFailures}.
 *
 * <p>Used where the retry has to wrap the whole transaction — which container-managed transactions
 * cannot do — such as address allocation and creating cluster-wide singletons (CA, tls-crypt keys).
 */
public final class JdbcTransaction {

    /** The work: gets a connection inside a started transaction; commit happens after it returns. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    // Generous on purpose: under a loaded CPU (or a busy Galera cluster) one unlucky connect can lose
    // several races in a row; each lost attempt costs a rollback and a short pause, not an error.
    public static final int MAX_ATTEMPTS = 20;
    /** A lost connection is retried less often and after longer pauses: Galera needs seconds to evict a node. */
    static final int MAX_CONNECTION_ATTEMPTS = 4;

    /** The connection broke while the commit was under way: the work may or may not have been written. */
    public static final class CommitOutcomeUnknown extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CommitOutcomeUnknown(SQLException cause) {
            super("the database connection broke during commit; whether the change was written is unknown", cause);
        }
    }

    private JdbcTransaction() {}

    /**
     * Reads committed rows without a transaction of its own: the connection stays in auto-commit,
     * so each statement is its own consistent read and costs one round trip — a transaction costs
     * two more ({@code START TRANSACTION}, {@code COMMIT}). For reads that do not need several
     * statements to agree with each other (the hot path's health, key and load look-ups). A lost
     * connection is tried again, as a read leaves nothing half-written; other failures are not.
     */
    public static <T> T read(DataSource dataSource, Work<T> work) {
        for (int connectionFailures = 1; ; connectionFailures++) {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                if (!DatabaseFailures.connectionLost(e) || connectionFailures >= MAX_CONNECTION_ATTEMPTS) {
                    throw new IllegalStateException("database error: " + e.getMessage(), e);
                }
                pauseForFailover(connectionFailures);
            }
        }
    }

    /** Runs {@code work}; no duplicate key counts as a race. */
    public static <T> T run(DataSource dataSource, Work<T> work) {
        return run(dataSource, Set.of(), work);
    }

    /**
     * Runs {@code work}, repeating it also when it fails on a duplicate of one of {@code racedKeys}
     * (index names as MariaDB reports them, e.g. {@code PRIMARY} or {@code uq_configuration_wg_address}).
     */
    public static <T> T run(DataSource dataSource, Set<String> racedKeys, Work<T> work) {
        SQLException last = null;
        int connectionFailures = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return attempt(dataSource, work);
            } catch (SQLException e) {
                if (DatabaseFailures.connectionLost(e) && !DatabaseFailures.conflict(e)) {
                    if (++connectionFailures >= MAX_CONNECTION_ATTEMPTS) {
                        throw new IllegalStateException("database unreachable: " + e.getMessage(), e);
                    }
                    last = e;
                    pauseForFailover(connectionFailures);
                    continue;
                }
                if (!isRetryable(e, racedKeys)) {
                    throw new IllegalStateException(isDuplicateKey(e)
                            ? "duplicate key that no concurrent change explains: " + e.getMessage()
                            : "database error: " + e.getMessage(), e);
                }
                last = e;
                backOff(attempt);
            }
        }
        throw new IllegalStateException("gave up after " + MAX_ATTEMPTS + " conflicting attempts", last);
    }

    /**
     * One attempt; a failure of the commit that may have committed is thrown as {@link CommitOutcomeUnknown}.
     * The connection is READ COMMITTED: each statement sees the latest commits (a retry after a lost
     * race sees the winner's row) and InnoDB takes no gap locks for plain searches. The pool sets
     * that once per physical connection ({@code transaction-isolation-level} in
     * config/payara/configure.asadmin), not this method on every call: asking the connection for its
     * level is a round trip to the database in Connector/J, and setting and restoring it two more.
     *
     * <p>The transaction is opened and ended with {@code START TRANSACTION} and {@code COMMIT}, the
     * connection's auto-commit mode untouched: two round trips. Switching auto-commit off and on
     * around {@link Connection#commit()} costs three ({@code SET autocommit=0}, {@code COMMIT},
     * {@code SET autocommit=1}), and every {@code /connect} runs one of these transactions.
     */
    private static <T> T attempt(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement control = connection.createStatement()) {
            // Connector/J knows the mode without asking the database. The pool sometimes hands out a
            // connection with auto-commit off (as a container transaction left it): there the first
            // statement opens the transaction by itself, and COMMIT ends it all the same.
            if (connection.getAutoCommit()) {
                control.execute("START TRANSACTION");
            }
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(control);
                throw e;
            }
            commit(control);
            return result;
        }
    }

    private static void commit(Statement control) throws SQLException {
        try {
            control.execute("COMMIT");
        } catch (SQLException e) {
            // A certification failure is reported at commit and means "rolled back": retry. A broken
            // connection here means "unknown": the commit may have reached the node before it died.
            if (DatabaseFailures.conflict(e) || !DatabaseFailures.connectionLost(e)) {
                rollbackQuietly(control);
                throw e;
            }
            throw new CommitOutcomeUnknown(e);
        }
    }

    /** Deadlock / certification conflict, lock wait timeout, or a lost race on one of {@code racedKeys}. */
    static boolean isRetryable(SQLException e, Set<String> racedKeys) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == 1213 || s.getErrorCode() == 1205
                    || "40001".equals(s.getSQLState()) || s instanceof SQLTransientException
                    || racedKeys.stream().anyMatch(key -> isDuplicateKey(s, key)))) {
                return true;
            }
        }
        return false;
    }

    /** A duplicate-key error (1062) on the named index ({@code … for key 'name'}, or {@code 'table.name'}). */
    public static boolean isDuplicateKey(SQLException e, String key) {
        String message = e.getMessage();
        return isDuplicateKey(e) && message != null
                && (message.contains("for key '" + key + "'") || message.contains("." + key + "'"));
    }

    private static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062;
    }

    private static void rollbackQuietly(Statement control) {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the connection is broken; closing it returns nothing usable to the pool anyway
        }
    }

    private static void pauseForFailover(int failures) {
        // Connector/J connects to the next node at once; the pause covers a pool that still hands
        // out connections to the dead node until validation notices (and Galera's eviction time).
        java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(250L * failures).toNanos());
    }

    private static void backOff(int attempt) {
        // A short randomised pause de-synchronises the racers; conflicts here last microseconds.
        long maxMicros = Math.min(50_000, 250L << Math.min(attempt, 8));
        long nanos = java.util.concurrent.ThreadLocalRandom.current().nextLong(maxMicros) * 1000;
        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
    }
}
