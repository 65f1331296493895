package org.tunnelgate.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
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
 * <p>Used where the retry has to wrap the whole transaction — which container-managed transactions
 * cannot do — such as address allocation and creating cluster-wide singletons (CA, tls-crypt keys).
 */
public final class JdbcTransaction {

    /** The work: gets a connection with auto-commit off; commit happens after it returns. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    // Generous on purpose: under a loaded CPU (or a busy Galera cluster) one unlucky connect can lose
    // several races in a row; each lost attempt costs a rollback and a short pause, not an error.
    public static final int MAX_ATTEMPTS = 20;

    private JdbcTransaction() {}

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
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                int isolation = connection.getTransactionIsolation();
                // Read committed: each statement sees the latest commits (a retry after a lost
                // race sees the winner's row) and InnoDB takes no gap locks for plain searches.
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        connection.setTransactionIsolation(isolation);
                    }
                }
            } catch (SQLException e) {
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

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it returns nothing usable to the pool anyway
        }
    }

    private static void backOff(int attempt) {
        // A short randomised pause de-synchronises the racers; conflicts here last microseconds.
        long maxMicros = Math.min(50_000, 250L << Math.min(attempt, 8));
        long nanos = java.util.concurrent.ThreadLocalRandom.current().nextLong(maxMicros) * 1000;
        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
    }
}
