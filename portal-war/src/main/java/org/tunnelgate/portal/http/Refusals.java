package org.tunnelgate.portal.http;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.tunnelgate.platform.BusinessException;

/**
 * What a refused use case means over HTTP — decided here, once, for every edge: JAX-RS resources get
 * it through {@link BusinessExceptionMapper}, servlets and the error page call {@link #status}.
 * The body is the API's error JSON, {@code {"error": "…"}}, which the apps never match on.
 */
public final class Refusals {

    private Refusals() {}

    public static int status(BusinessException refusal) {
        return switch (refusal.kind()) {
            case INVALID_INPUT -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    public static Response response(BusinessException refusal) {
        return error(status(refusal), refusal.getMessage());
    }

    /** {@code {"error": message}} with the given status, never cached. */
    public static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .entity(JSON.createObjectBuilder().add("error", message).build().toString()).build();
    }
}
