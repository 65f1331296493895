package org.tunnelgate.agent.controller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;

/**
 * Calls the controller over HTTPS with the node's certificate (mutual TLS, TLS 1.3), trying each
 * configured controller URL in turn. Paths below each base URL:
 * <ul>
 *   <li>{@code POST openvpn/authorize} — body: the client; answer {@code {"allowed": true|false}}</li>
 *   <li>{@code POST openvpn/connected} — body: the client; any 2xx</li>
 *   <li>{@code POST openvpn/disconnected} — body: the client plus {@code bytes_in}, {@code bytes_out}; any 2xx</li>
 * </ul>
 * Reports go through a {@link ReportQueue} (spooled to disk when a spool file is given); authorisation is answered within the timeout or not at all.
 */
public final class HttpsController implements Controller {

    private static final Logger LOG = Logger.getLogger(HttpsController.class.getName());

    private final List<URI> urls;
    private final Duration timeout;
    private final HttpClient client;
    private final ReportQueue reports;

    public HttpsController(List<URI> urls, SSLContext tls, Duration timeout) {
        this(urls, tls, timeout, Optional.empty());
    }

    /** {@code spool}: where undelivered reports wait across agent restarts. */
    public HttpsController(List<URI> urls, SSLContext tls, Duration timeout, Optional<Path> spool) {
        this.urls = List.copyOf(urls);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(Tls.parameters(tls, false))
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.reports = new ReportQueue(this::deliver, 10_000, spool);
    }

    @Override
    public boolean mayConnect(ClientSession session) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = Json.write(session.toJson());
        for (int i = 0; i < urls.size(); i++) {
            URI base = urls.get(i);
            // a controller that does not answer gets its share of the time, not all of it
            Duration left = Duration.ofNanos((deadline - System.nanoTime()) / (urls.size() - i));
            if (left.toMillis() < 1) break;
            try {
                var response = send(base.resolve("openvpn/authorize"), body, left);
                if (response.statusCode() == 200) {
                    Object allowed = Fields.of(Json.parse(response.body()), "authorize answer").map().get("allowed");
                    if (allowed instanceof Boolean b) return b;
                }
                LOG.warning(() -> "controller gave no usable answer; url=" + base + " status=" + response.statusCode());
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "controller unreachable; url=" + base + " " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ControllerUnreachable("no controller answered within " + timeout.toSeconds() + " s");
    }

    @Override
    public void connected(ClientSession session) {
        reports.add("openvpn/connected", Json.write(session.toJson()));
    }

    @Override
    public void disconnected(ClientSession session, long bytesIn, long bytesOut) {
        Map<String, Object> body = session.toJson();
        body.put("bytes_in", bytesIn);
        body.put("bytes_out", bytesOut);
        reports.add("openvpn/disconnected", Json.write(body));
    }

    @Override
    public int pendingReports() {
        return reports.size();
    }

    @Override
    public long droppedReports() {
        return reports.dropped();
    }

    @Override
    public void close() {
        reports.close();
    }

    /** One delivery attempt across all controllers; true when one accepted it. */
    private boolean deliver(String path, String body) {
        for (URI base : urls) {
            try {
                int status = send(base.resolve(path), body, timeout).statusCode();
                if (status / 100 == 2) return true;
                LOG.fine(() -> "report refused; url=" + base + " status=" + status);
            } catch (IOException e) {
                LOG.fine(() -> "report not delivered; url=" + base + " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private HttpResponse<String> send(URI uri, String body, Duration within) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri)
                .timeout(within)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
