package org.tunnelgate.agent.http;

/** What an endpoint answers: a status and a JSON body ({@code null} for no body). */
public record Reply(int status, Object body) {

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }
}
