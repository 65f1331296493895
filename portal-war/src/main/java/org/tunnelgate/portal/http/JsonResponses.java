package org.tunnelgate.portal.http;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the JSON bodies of the servlet-based endpoints (discovery and token). */
public final class JsonResponses {

    private JsonResponses() {}

    public static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    public static JsonObject error(String error, String description) {
        return Json.createObjectBuilder().add("error", error).add("error_description", description).build();
    }
}
