package org.tunnelgate.agent.http;

import java.util.concurrent.atomic.AtomicLongArray;

/** API requests answered, by status class (2xx … 5xx), for the metrics. */
public final class RequestCounts {

    private final AtomicLongArray byClass = new AtomicLongArray(6);

    void count(int status) {
        int hundreds = status / 100;
        if (hundreds >= 1 && hundreds <= 5) byClass.incrementAndGet(hundreds);
    }

    /** Requests answered with a status of {@code hundreds}xx. */
    public long answered(int hundreds) {
        return byClass.get(hundreds);
    }
}
