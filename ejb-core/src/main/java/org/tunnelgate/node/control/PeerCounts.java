package org.tunnelgate.node.control;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * WireGuard peers per node as placement ranks nodes by them: counted in the database at most once
 * per {@link #MAX_AGE} on this instance, plus the peers this instance placed since.
 *
 * <p>Counting is a {@code GROUP BY} over the configurations of the nodes — proportional to the number
 * of configurations, so at 10,000 peers a node it cost more than the rest of a {@code /connect}'s
 * database work when it ran on every one. The ranking needs no exact figure: what a node can take is
 * decided by its address pool when the configuration is issued, and the counts only spread new peers
 * over the nodes. Between two readings this instance adds its own placements, so a burst does not pile
 * onto one node for a whole period; another instance's placements show at the next reading.
 *
 * <p>Thread-safe; one per instance.
 */
public final class PeerCounts {

    /** How old a reading may be before the next ranking reads the database again. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private record Reading(long readAtNanos, Map<String, AtomicLong> counts) {}

    private final Supplier<Map<String, Long>> counter;
    private final LongSupplier nanoTime;
    private volatile Reading reading;

    /**
     * @param counter  reads every node's WireGuard peers from the database
     * @param nanoTime the clock ({@code System::nanoTime}; tests pass their own)
     */
    public PeerCounts(Supplier<Map<String, Long>> counter, LongSupplier nanoTime) {
        this.counter = counter;
        this.nanoTime = nanoTime;
    }

    /** The peers of each of these nodes (0 for a node without any), reading the database if the last reading is too old. */
    public Map<String, Long> of(Collection<String> nodeNames) {
        Reading current = fresh();
        Map<String, Long> counts = new HashMap<>();
        for (String name : nodeNames) {
            AtomicLong count = current.counts().get(name);
            counts.put(name, count == null ? 0 : count.get());
        }
        return counts;
    }

    /** This instance placed a new peer on the node: it counts until the next reading replaces the figure. */
    public void placed(String nodeName) {
        Reading current = reading;
        if (current != null) {
            current.counts().computeIfAbsent(nodeName, n -> new AtomicLong()).incrementAndGet();
        }
    }

    private Reading fresh() {
        Reading current = reading;
        long now = nanoTime.getAsLong();
        if (current != null && now - current.readAtNanos() < MAX_AGE.toNanos()) {
            return current;
        }
        synchronized (this) { // one reading at a time; the others take it
            current = reading;
            if (current != null && nanoTime.getAsLong() - current.readAtNanos() < MAX_AGE.toNanos()) {
                return current;
            }
            Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
            counter.get().forEach((name, count) -> counts.put(name, new AtomicLong(count)));
            current = new Reading(nanoTime.getAsLong(), counts);
            reading = current;
            return current;
        }
    }
}
