package org.tunnelgate.portal.http;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the JSON bodies of the servlet-based endpoints (discovery and token). */
public final class JsonResponses {

    /**
     * The JSON-P provider, looked up once. Every {@code Json.createObjectBuilder()} looks it up anew
     * ({@code JsonProvider.provider()}: a service-loader scan of the application's jars, then Payara's
     * OSGi service locator), which showed in the profile of every request that answers JSON.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

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
        return JSON.createObjectBuilder().add("error", error).add("error_description", description).build();
    }
}
