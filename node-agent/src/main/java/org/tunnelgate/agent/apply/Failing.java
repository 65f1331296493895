package org.tunnelgate.agent.apply;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tunnelgate.agent.system.CommandFailed;

/**
 * The interfaces whose last data-plane change failed, with a reason that is safe to show (the
 * {@link Reconciler} does the full job for them next time and the repair retries them), and the
 * count of failures for the metrics.
 */
final class Failing {

    private static final Logger LOG = Logger.getLogger(Failing.class.getName());

    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** Remembers the interface as failing and returns the reason. */
    String record(String name, RuntimeException e) {
        String reason;
        if (e instanceof CommandFailed || e instanceof UncheckedIOException) {
            reason = e.getMessage();
        } else {
            LOG.log(Level.WARNING, "data-plane change failed unexpectedly; interface=" + name, e);
            reason = "internal error: " + e.getClass().getSimpleName();
        }
        reasons.put(name, reason);
        total.incrementAndGet();
        return reason;
    }

    /** Failures reported without an interface (OpenVPN's, listed by its driver). */
    void count(int failures) {
        total.addAndGet(failures);
    }

    boolean contains(String name) {
        return reasons.containsKey(name);
    }

    void clear(String name) {
        reasons.remove(name);
    }

    Map<String, String> snapshot() {
        return new TreeMap<>(reasons);
    }

    long total() {
        return total.get();
    }
}
