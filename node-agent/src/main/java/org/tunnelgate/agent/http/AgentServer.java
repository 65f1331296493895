package org.tunnelgate.agent.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.tunnelgate.agent.system.Stopping;
import org.tunnelgate.agent.tls.Tls;

/**
 * The API listener: JDK {@link HttpsServer}, TLS 1.3 only, client certificate required and
 * checked against the controller CA during the handshake — a caller without one never reaches a
 * handler. Handlers run on a small bounded pool (the JDK default would run them on one thread).
 */
public final class AgentServer implements AutoCloseable {

    /** Handler threads: as many as two controller instances call at once (their per-node limit). */
    static final int WORKERS = 32;

    private final HttpsServer server;
    private final ExecutorService workers;
    private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();
    private final int maxBodyBytes;
    private final ControllerOnly controllerOnly;
    private final RequestCounts counts = new RequestCounts();

    /** {@code allowedClients}: certificate common names allowed in; empty = any certificate from the CA. */
    public AgentServer(InetSocketAddress listen, SSLContext tls, int maxBodyBytes, Set<String> allowedClients) {
        this.maxBodyBytes = maxBodyBytes;
        this.controllerOnly = new ControllerOnly(allowedClients, counts);
        // The JDK server leaves Nagle on by default: on a kept-alive connection a small answer then waits
        // for the client's delayed ACK (40 ms on Linux). Read once, when the first server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            server = HttpsServer.create(listen, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
        var params = Tls.parameters(tls, true);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters p) {
                counts.connected(); // the JDK server configures every accepted connection once
                p.setSSLParameters(params);
            }
        });
        // Single-peer changes wait for the reconciler's lock and are applied in batches: every request
        // waiting when the lock frees shares one state write and one `wg set`. With 4 handler threads a
        // batch held at most 4 changes and a controller's calls queued behind them (bench/hotpath: 18 ms
        // per change waiting for the lock); WORKERS lets two controller instances' calls wait at once.
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
            var t = new Thread(r, "agent-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
    }

    public AgentServer route(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
        return this;
    }

    public void start() {
        routes.forEach((path, byMethod) -> server.createContext(path, new Route(path, Map.copyOf(byMethod), maxBodyBytes, counts))
                .getFilters().add(controllerOnly));
        server.createContext("/", new Route("", Map.of(), maxBodyBytes, counts)).getFilters().add(controllerOnly);
        server.start();
    }

    public RequestCounts counts() {
        return counts;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops listening and closes the connections at once, but lets requests already being worked
     * on finish their data-plane change (for up to {@link Stopping#GRACE}): interrupting one halfway
     * would leave the change half made.
     */
    @Override
    public void close() {
        server.stop(0);
        Stopping.drain(workers);
    }
}
