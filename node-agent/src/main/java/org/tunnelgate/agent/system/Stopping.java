package org.tunnelgate.agent.system;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** How the agent's thread pools end when the agent stops. */
public final class Stopping {

    /** How long work already started may take to finish before its threads are interrupted. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private Stopping() {}

    /**
     * Takes no new work and waits for the running work to finish; only what is still running after
     * {@link #GRACE} is interrupted. A data-plane change interrupted halfway is worse than a slower stop.
     */
    public static void drain(ExecutorService pool) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
