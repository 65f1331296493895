package org.tunnelgate.portal.api;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.tunnelgate.portal.http.Refusals;

/** The API's error bodies: {@code {"error": "…"}}, as the apps expect (they never match the text). */
final class ApiErrors {

    static final String REALM = "Tunnelgate";

    private ApiErrors() {}

    static Response error(int status, String message) {
        return Refusals.error(status, message);
    }

    /** RFC 6750 §3: 401 with the exact header the apps look for. */
    static Response invalidToken(String description) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\",error=\"invalid_token\"")
                .entity(JSON.createObjectBuilder().add("error", "invalid_token")
                        .add("error_description", description).build().toString())
                .build();
    }
}
