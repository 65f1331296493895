package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The JAX-RS application exposes its resources and nothing Jersey would add on its own. */
class ApiSurfaceIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = system.httpClient();

    @Test
    void noGeneratedWadlDescribesTheApiToStrangersOrAdmins() throws Exception {
        for (String path : new String[] {"/api/application.wadl", "/api/application.wadl?detail=true"}) {
            var anonymous = http.send(HttpRequest.newBuilder(system.httpsUrl(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            var admin = http.send(HttpRequest.newBuilder(system.httpsUrl(path)).GET()
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (system.adminUser() + ":" + system.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.body()).as(path).doesNotContain("<application").doesNotContain("resources base=");
            assertThat(admin.body()).as(path + " as the admin").doesNotContain("<application").doesNotContain("resources base=");
            assertThat(admin.statusCode()).as(path).isIn(401, 403, 404);
        }
    }
}
