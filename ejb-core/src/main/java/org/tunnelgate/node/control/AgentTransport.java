package org.tunnelgate.node.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.tunnelgate.node.control.NodeClient.AgentCallFailed;

/**
 * HTTP/1.1 over mutual TLS to the node agents, on kept-alive connections: one
 * {@link HttpClient} (with its own connection pool and TLS context) per node and agent address, so
 * a push after the first costs a request on a warm connection instead of a TLS handshake with a
 * client certificate. At most {@value #MAX_CALLS_PER_NODE} calls to a node run at once (and so at
 * most that many connections are open to it); a caller waits for its turn no longer than the
 * connect timeout. A call whose connection broke before an answer came (an agent that restarted,
 * or closed an idle connection just as it was taken) is sent once more on a new pool — only when the
 * caller says the call is idempotent. A timeout is never repeated: a slow node stays a down node.
 */
final class AgentTransport {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(4);
    static final int MAX_CALLS_PER_NODE = 16;

    /** An agent's answer: status and body text (empty for none). */
    record Answer(int status, String body) {}

    private static final SSLParameters TLS13 = new SSLParameters(null, new String[] {"TLSv1.3"});

    private final Function<String, SSLContext> tls;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();

    /** {@code tls}: the TLS context towards the node of that name. */
    AgentTransport(Function<String, SSLContext> tls) {
        this.tls = tls;
    }

    /** Sends one request ({@code body} null for none) and reads the whole answer. */
    Answer send(String nodeName, String baseUrl, String method, String path, String body, boolean idempotent, String what) {
        String key = nodeName + " " + baseUrl;
        HttpRequest request = request(baseUrl, method, path, body);
        Semaphore turn = turn(key, nodeName, what);
        try {
            HttpClient client = client(key, nodeName);
            try {
                return exchange(client, request);
            } catch (IOException e) {
                if (!idempotent || !brokenConnection(e)) {
                    throw e;
                }
                clients.remove(key, client); // its other pooled connections are likely as dead
                return exchange(client(key, nodeName), request);
            }
        } catch (IOException e) {
            throw new AgentCallFailed(what + " on node " + nodeName + ": " + FailureText.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallFailed(what + " on node " + nodeName + ": interrupted");
        } finally {
            turn.release();
        }
    }

    /**
     * {@link #send} without waiting for the answer: the caller's thread only waits for its turn, and
     * can do other work (another node's call, the database) while the agent answers. The future
     * fails with {@link AgentCallFailed}; a broken connection is retried as {@link #send} does.
     */
    CompletableFuture<Answer> sendAsync(String nodeName, String baseUrl, String method, String path, String body,
                                        boolean idempotent, String what) {
        String key = nodeName + " " + baseUrl;
        HttpRequest request = request(baseUrl, method, path, body);
        Semaphore turn = turn(key, nodeName, what);
        CompletableFuture<Answer> answer;
        try {
            HttpClient client = client(key, nodeName);
            answer = exchangeAsync(client, request).exceptionallyCompose(failure -> {
                if (idempotent && NodeClient.cause(failure) instanceof IOException e && brokenConnection(e)) {
                    clients.remove(key, client);
                    return exchangeAsync(client(key, nodeName), request);
                }
                return CompletableFuture.failedFuture(failure);
            });
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
        return answer.handle((done, failure) -> {
            turn.release();
            if (failure != null) {
                throw new AgentCallFailed(what + " on node " + nodeName + ": " + FailureText.of(NodeClient.cause(failure)));
            }
            return done;
        });
    }

    private static HttpRequest request(String baseUrl, String method, String path, String body) {
        URI uri = URI.create((baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** Waits (at most the connect timeout) until fewer than {@value #MAX_CALLS_PER_NODE} calls to the node run. */
    private Semaphore turn(String key, String nodeName, String what) {
        Semaphore turn = turns.computeIfAbsent(key, k -> new Semaphore(MAX_CALLS_PER_NODE, true));
        try {
            if (!turn.tryAcquire(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AgentCallFailed(what + " on node " + nodeName + ": " + MAX_CALLS_PER_NODE
                        + " calls to it still running after " + CONNECT_TIMEOUT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallFailed(what + " on node " + nodeName + ": interrupted");
        }
        return turn;
    }

    private static CompletableFuture<Answer> exchangeAsync(HttpClient client, HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Answer(response.statusCode(), response.body() == null ? "" : response.body()));
    }

    private static Answer exchange(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body());
    }

    /**
     * A connection that broke under the request: not a timeout (the node is slow or gone), not a
     * refused connection (nothing listens), not TLS (the certificate is wrong — trying again does
     * not change it).
     */
    static boolean brokenConnection(IOException e) {
        return !(e instanceof HttpTimeoutException) && !(e instanceof ConnectException) && !(e instanceof SSLException);
    }

    private HttpClient client(String key, String nodeName) {
        return clients.computeIfAbsent(key, k -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls.apply(nodeName))
                .sslParameters(TLS13)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build());
    }

    /** Drops the pools of a node (its address or certificate changed); calls under way finish on theirs. */
    void forget(String nodeName) {
        clients.keySet().removeIf(key -> key.startsWith(nodeName + " "));
        turns.keySet().removeIf(key -> key.startsWith(nodeName + " "));
    }

    /** Drops every pool (the application stops); their idle connections close when they are collected. */
    void close() {
        clients.clear();
        turns.clear();
    }
}
