package org.tunnelgate.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tunnelgate.agent.apply.StaleGeneration;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.json.UnknownTarget;
import org.tunnelgate.agent.system.CommandFailed;
import org.tunnelgate.agent.system.CommandInterrupted;

/**
 * One path of the API with its endpoints by method. Maps failures to status codes once, logs
 * one line per request (method, path, status, time — never a body), and always closes the exchange.
 */
record Route(String path, Map<String, Endpoint> byMethod, int maxBodyBytes, RequestCounts counts) implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Route.class.getName());

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        int status;
        try (exchange) {
            status = respond(exchange);
        }
        counts.count(status);
        long millis = (System.nanoTime() - start) / 1_000_000;
        int logged = status;
        LOG.fine(() -> "request; method=" + exchange.getRequestMethod() + " path=" + path + " status=" + logged
                + " ms=" + millis);
    }

    private int respond(HttpExchange exchange) throws IOException {
        Reply reply;
        if (!exchange.getRequestURI().getPath().equals(path)) {
            reply = error(404, "no such path");
        } else if (!byMethod.containsKey(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
            reply = error(405, "method not allowed; use " + String.join(" or ", byMethod.keySet()));
        } else {
            try {
                reply = byMethod.get(exchange.getRequestMethod()).call(new Request(exchange, maxBodyBytes));
            } catch (Request.TooLarge e) {
                // the body was not read to its end: do not let the client send another request on this connection
                exchange.getResponseHeaders().set("Connection", "close");
                reply = error(400, e.getMessage());
            } catch (UnknownTarget e) {
                reply = error(404, e.getMessage());
            } catch (InvalidInput e) {
                reply = error(400, e.getMessage());
            } catch (CommandFailed e) {
                reply = error(502, e.getMessage());
            } catch (CommandInterrupted e) {
                reply = error(503, "the agent is stopping: " + e.getMessage());
            } catch (StaleGeneration e) {
                reply = error(409, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request failed; path=" + path, e);
                reply = error(500, "internal error: " + e.getClass().getSimpleName());
            }
        }
        discardUnreadBody(exchange);
        send(exchange, reply);
        return reply.status();
    }

    /**
     * A request refused before its body was read (wrong method, content type or path) still has
     * that body on the connection; it is read and dropped (up to the body limit) so the next request
     * on a kept-alive connection starts where it should. Beyond the limit the connection is closed.
     */
    private void discardUnreadBody(HttpExchange exchange) {
        if ("close".equals(exchange.getResponseHeaders().getFirst("Connection"))) return;
        byte[] buffer = new byte[16 * 1024];
        long left = maxBodyBytes;
        try {
            var in = exchange.getRequestBody();
            int n;
            while (left > 0 && (n = in.read(buffer)) > 0) {
                left -= n;
            }
            if (left <= 0) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
        } catch (IOException e) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    private static Reply error(int status, String message) {
        return Reply.error(status, message);
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        // HEAD has no body by definition; the JDK server refuses to write one
        if (reply.body() == null || exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        String text = reply.body() instanceof String s && !reply.contentType().equals(Reply.JSON)
                ? s : Json.write(reply.body());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
