package org.tunnelgate.agent.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** API requests answered, by status class (2xx … 5xx), and connections accepted, for the metrics. */
public final class RequestCounts {

    private final AtomicLongArray byClass = new AtomicLongArray(6);
    private final AtomicLong connections = new AtomicLong();

    void connected() {
        connections.incrementAndGet();
    }

    /** TCP connections accepted (each one TLS handshake); a controller that keeps its connections open opens few. */
    public long connectionsAccepted() {
        return connections.get();
    }

    void count(int status) {
        int hundreds = status / 100;
        if (hundreds >= 1 && hundreds <= 5) byClass.incrementAndGet(hundreds);
    }

    /** Requests answered with a status of {@code hundreds}xx. */
    public long answered(int hundreds) {
        return byClass.get(hundreds);
    }
}
