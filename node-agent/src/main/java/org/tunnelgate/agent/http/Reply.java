package org.tunnelgate.agent.http;

/**
 * What an endpoint answers: a status and a body ({@code null} for none) — a JSON value, or text
 * when {@code contentType} is not JSON (the metrics).
 */
public record Reply(int status, Object body, String contentType) {

    static final String JSON = "application/json";

    public static Reply ok(Object body) {
        return new Reply(200, body, JSON);
    }

    public static Reply noContent() {
        return new Reply(204, null, JSON);
    }

    public static Reply text(String contentType, String body) {
        return new Reply(200, body, contentType);
    }

    static Reply error(int status, String message) {
        return new Reply(status, org.tunnelgate.agent.json.Json.object("error", message), JSON);
    }
}
