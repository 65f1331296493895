package org.tunnelgate.agent.http;

import java.io.IOException;

/** One API call. Thrown {@code InvalidInput} becomes 400, {@code UnknownTarget} 404, {@code StaleGeneration} 409. */
@FunctionalInterface
public interface Endpoint {

    Reply call(Request request) throws IOException;
}
