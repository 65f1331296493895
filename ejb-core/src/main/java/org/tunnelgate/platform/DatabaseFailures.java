package org.tunnelgate.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Reads what a database failure means for the transaction it hit — the one question a retry must
 * answer: did anything commit? On a Galera cluster behind Connector/J's failover URL three kinds of
 * failure reach the application:
 *
 * <ul>
 *   <li><b>rolled back</b>: a deadlock or certification conflict (1213, SQLSTATE 40001) — Galera
 *       reports a transaction that lost certification at commit this way too —, a lock wait timeout
 *       (1205), and Connector/J's "in progress transaction was lost" (SQLSTATE 25S03) after it
 *       reconnected to another node in the middle of a transaction. Nothing was written; the whole
 *       transaction may run again.</li>
 *   <li><b>connection lost</b>: the node died or was evicted (SQLSTATE class 08, a non-primary
 *       node's 1047 "WSREP has not yet prepared node for application use"). Before the commit was
 *       sent this is a rollback too; while the commit was under way nobody knows whether it
 *       committed, and running the work again could write it twice.</li>
 *   <li>anything else: a bug or bad data, never retried.</li>
 * </ul>
 */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /**
     * A deadlock, certification conflict or lock wait timeout: the database refused this
     * transaction in favour of another and rolled it back — also when reported by the commit.
     */
    public static boolean conflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && (s.getErrorCode() == 1213 || s.getErrorCode() == 1205 || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The transaction certainly did not commit, provided the failure came before the commit was
     * sent: a conflict, or Connector/J's "in progress transaction was lost" (25S03). Reported by
     * the commit itself, only a {@link #conflict} is certain.
     */
    public static boolean rolledBack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "25S03".equals(s.getSQLState())) {
                return true;
            }
        }
        return conflict(failure);
    }

    /** The connection to the database node broke or the node cannot take work (not in the primary component). */
    public static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && (s.getErrorCode() == 1047 || "25S03".equals(s.getSQLState())
                    || (s.getSQLState() != null && s.getSQLState().startsWith("08")))) {
                return true;
            }
        }
        return false;
    }
}
