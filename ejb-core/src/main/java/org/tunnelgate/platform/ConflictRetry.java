package org.tunnelgate.platform;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs one call of a boundary whose transaction the container manages, again when the database
 * rolled that transaction back in favour of a concurrent one (deadlock, Galera certification
 * conflict, lock wait timeout — {@link DatabaseFailures#conflict}). On a Galera cluster two
 * instances writing the same rows conflict at commit, where no code inside the transaction can
 * catch it; the caller, outside the transaction, can.
 *
 * <p>Wrap exactly one boundary call: a call that committed is never repeated, because only a
 * rolled-back one raises a conflict. A lost connection is not retried here — during the commit it
 * leaves the outcome unknown, and the container does not say which it was.
 */
public final class ConflictRetry {

    static final int MAX_ATTEMPTS = 5;

    private ConflictRetry() {}

    public static <T> T call(Supplier<T> boundaryCall) {
        for (int attempt = 1; ; attempt++) {
            try {
                return boundaryCall.get();
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !DatabaseFailures.conflict(e)) {
                    throw e;
                }
                // de-synchronise the two racers; a conflict lasts as long as one short transaction
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 20_000_000L) * attempt);
            }
        }
    }

    /**
     * Like {@link #call}, for a boundary call that only reads (in no transaction of its own, or one
     * that writes nothing): also run again when the connection to the database node was lost. A
     * read leaves no commit of unknown outcome. Measured in the HA test: when a Galera node dies,
     * every pooled connection to it fails once ("Driver has reconnect connection after a
     * communications link failure" — Connector/J moves it to the next node but does not repeat the
     * statement), so two requests in a row could draw two such connections and fail.
     */
    public static <T> T read(Supplier<T> readOnlyCall) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnlyCall.get();
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !(DatabaseFailures.conflict(e) || DatabaseFailures.connectionLost(e))) {
                    throw e;
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 20_000_000L) * attempt);
            }
        }
    }

    /**
     * Like {@link #read}, for a call whose writes do no harm when they happen twice — a login's
     * bookkeeping (the last login time, a counted failure): also run again after a lost connection,
     * although a commit cut off by it may have happened. Measured in the HA test: with a Galera node
     * killed, a login drew two dead pooled connections in a row and its person was told the password
     * was wrong.
     */
    public static <T> T repeatable(Supplier<T> boundaryCall) {
        return read(boundaryCall);
    }

    public static void run(Runnable boundaryCall) {
        call(() -> {
            boundaryCall.run();
            return null;
        });
    }
}
