package org.tunnelgate.agent.controller;

/**
 * What the agent needs from the controller. Implementations must not block the caller on
 * reports ({@link #connected}, {@link #disconnected}); only {@link #mayConnect} waits, bounded
 * by the configured timeout.
 */
public interface Controller extends AutoCloseable {

    /**
     * Whether the client may connect (certificate known and unexpired, user enabled, profile allowed).
     *
     * @throws ControllerUnreachable when no controller gave an answer in time
     */
    boolean mayConnect(ClientSession client);

    void connected(ClientSession client);

    void disconnected(ClientSession client, long bytesIn, long bytesOut);

    /** Reports waiting for a controller. */
    default int pendingReports() {
        return 0;
    }

    /** Reports dropped because the queue was full, since the agent started. */
    default long droppedReports() {
        return 0;
    }

    @Override
    default void close() {}
}
