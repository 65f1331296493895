package org.tunnelgate.agent.enroll;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;

/**
 * The one call of an enrollment: {@code POST <controller>/node/enroll} over HTTPS, the controller's
 * certificate verified against {@code --controller-ca} (or the JDK's trust store) and its host
 * name checked. Every way it can fail becomes one line that says what to do.
 */
final class EnrollmentClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    EnrollmentClient(Optional<Path> controllerCa) {
        this.http = HttpClient.newBuilder()
                .sslContext(Tls.anonymous(controllerCa))
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Enrollment enroll(EnrollOptions options, String csrPem, String agentVersion, PublicKey ours) {
        String body = Json.write(Json.object("token", options.token(), "csr", csrPem, "agent_version", agentVersion));
        var request = HttpRequest.newBuilder(options.enrollUrl())
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnrollFailed(explain(e, options));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollFailed("interrupted");
        }
        return switch (response.statusCode()) {
            case 200 -> Enrollment.from(response.body(), ours);
            case 403 -> throw new EnrollFailed("the controller refused the token (" + error(response)
                    + "); ask for a new one: tokens are single use and expire");
            case 400 -> throw new EnrollFailed("the controller refused the request (" + error(response) + ")");
            default -> throw new EnrollFailed("unexpected answer " + response.statusCode() + " from "
                    + options.enrollUrl() + " (" + error(response) + ")");
        };
    }

    private static String explain(IOException e, EnrollOptions options) {
        String where = options.enrollUrl().toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return "TLS verification of " + options.controller().getHost() + " failed (" + oneLine(t.getMessage())
                        + "); " + (options.controllerCa().isPresent()
                                ? "is " + options.controllerCa().get() + " the CA of the controller's HTTPS certificate?"
                                : "pass --controller-ca with the CA of the controller's HTTPS certificate");
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot reach the controller at " + where + " (no connection within " + CONNECT_TIMEOUT.toSeconds() + " s)";
        }
        if (e instanceof ConnectException) {
            boolean unknownHost = rootOf(e) instanceof java.nio.channels.UnresolvedAddressException;
            return "cannot reach the controller at " + where + " (" + (unknownHost ? "unknown host" : "connection refused") + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "the controller at " + where + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
        }
        return "cannot reach the controller at " + where + " (" + reason(e) + ")";
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root;
    }

    private static String reason(Throwable e) {
        Throwable root = rootOf(e);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
    }

    /** The controller's {@code {"error": "…"}}, or the status alone when the body is not that. */
    private static String error(HttpResponse<String> response) {
        try {
            var f = Fields.of(Json.parse(response.body()), "answer");
            if (f.map().get("error") instanceof String message) return oneLine(message);
        } catch (InvalidInput e) {
            // not JSON: say nothing more than the status
        }
        return "HTTP " + response.statusCode();
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
