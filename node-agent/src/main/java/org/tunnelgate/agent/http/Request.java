package org.tunnelgate.agent.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;

/** One API request: the body (size-capped, strict UTF-8 JSON) and query parameters. */
public record Request(HttpExchange exchange, int maxBodyBytes) {

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    /** The body as parsed JSON; too large, not UTF-8 or not JSON is an {@link InvalidInput}. */
    public Object json() throws IOException {
        return Json.parse(text());
    }

    /** The body as text, checked like {@link #json()} except for the parsing. */
    public String text() throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String media = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT).strip();
        if (!media.equals("application/json") && !media.startsWith("application/json;")) {
            throw new InvalidInput("Content-Type must be application/json");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > DRAIN_LIMIT) {
            throw new TooLarge(maxBodyBytes); // not worth reading: answer and close
        }
        long start = System.nanoTime();
        var body = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        // Read to its end but not closed: a closed body makes the discard after the handler fail, and
        // that closed the connection after every request with a body (the exchange closes it anyway).
        var in = exchange.getRequestBody();
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (body.size() + n > maxBodyBytes) {
                drain(in, buffer);
                throw new TooLarge(maxBodyBytes);
            }
            body.write(buffer, 0, n);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.toByteArray()))
                    .toString();
            long millis = (System.nanoTime() - start) / 1_000_000;
            java.util.logging.Logger.getLogger(Request.class.getName())
                    .fine(() -> "request body read; bytes=" + text.length() + " ms=" + millis);
            return text;
        } catch (CharacterCodingException e) {
            throw new InvalidInput("request body is not UTF-8");
        }
    }

    /**
     * Reads and drops the rest of a body that is too large (up to a limit), so the client gets
     * to read our 400: closing a socket with unread input makes the kernel reset the connection,
     * and the client may lose the answer with it.
     */
    private static void drain(InputStream in, byte[] buffer) throws IOException {
        long left = DRAIN_LIMIT;
        int n;
        while (left > 0 && (n = in.read(buffer)) > 0) {
            left -= n;
        }
    }

    public Optional<String> query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) return Optional.empty();
        try {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("malformed query string: " + e.getMessage());
        }
    }

    /** A body over the limit: refused with 400 after reading (and dropping) the rest of it. */
    static final class TooLarge extends InvalidInput {
        TooLarge(int max) {
            super("request body is larger than " + max + " bytes");
        }
    }
}
