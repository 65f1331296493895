package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The admin REST API for profiles, over HTTP Basic against the real EAR. */
class ProfilesAdminIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final HttpClient http = system.httpClient();

    private HttpResponse<String> call(String method, String path, String body, String contentType, String user, String password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.httpsUrl(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return call(method, path, body, body == null ? null : "application/json", system.adminUser(), system.adminPassword());
    }

    static String profile(String id, String range, int port) {
        return """
                {"profile_id": "%s", "display_name": "Lab %s", "protocols": ["wireguard"],
                 "wireguard": {"ipv4_range": "%s", "ipv6_range": "fd77:%s::/64", "port": %d},
                 "dns_servers": ["9.9.9.9"], "default_gateway": true, "nodes": ["local"]}
                """.formatted(id, id, range, Integer.toHexString(port), port);
    }

    @Test
    void theSeededProfilesAreListedInTheirOrder() throws Exception {
        var list = admin("GET", "/api/admin/profiles", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"profile_id\":\"employees\"", "\"profile_id\":\"admins-wg\"");
        assertThat(list.body().indexOf("employees")).isLessThan(list.body().indexOf("admins-wg"));
    }

    @Test
    void anAdminCreatesReadsReplacesAndDeletesAProfile() throws Exception {
        String id = TestAccounts.uniqueName("lab");
        int port = 55000 + (int) (Math.random() * 2000); // clear of TestNetworks' 52001–52250
        String range = "10.77." + (int) (Math.random() * 250) + ".0/24";

        var created = admin("POST", "/api/admin/profiles", profile(id, range, port));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/admin/profiles/" + id));
        assertThat(admin("GET", "/api/admin/profiles/" + id, null).body()).contains("\"display_name\":\"Lab " + id + "\"");

        var replaced = admin("PUT", "/api/admin/profiles/" + id, profile(id, range, port).replace("Lab " + id, "Renamed"));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/profiles/" + id, null).body()).contains("\"display_name\":\"Renamed\"");

        assertThat(admin("DELETE", "/api/admin/profiles/" + id, null).statusCode()).isEqualTo(204);
        assertThat(admin("GET", "/api/admin/profiles/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidProfilesAreRefusedWithTheReasonAndNothingIsStored() throws Exception {
        String id = TestAccounts.uniqueName("bad");
        var overlapping = admin("POST", "/api/admin/profiles", profile(id, "10.43.0.0/16", 51820));
        assertThat(overlapping.statusCode()).isEqualTo(400);
        assertThat(overlapping.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(overlapping.body()).contains("overlaps range", "UDP port 51820 is also used by profile");

        var unknownNode = admin("POST", "/api/admin/profiles", profile(id, "10.78.0.0/24", 53999).replace("\"local\"", "\"nowhere\""));
        assertThat(unknownNode.body()).contains("unknown node \\\"nowhere\\\"");
        var malformed = admin("POST", "/api/admin/profiles", "{\"profile_id\": \"x\", \"display_name\": \"<script>\", \"bogus\": 1}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("unknown key");
        assertThat(admin("GET", "/api/admin/profiles/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminRegistersANodeAndItsWireGuardKey() throws Exception {
        String name = TestAccounts.uniqueName("node");
        String key = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";
        var saved = admin("PUT", "/api/admin/nodes/" + name,
                "{\"name\": \"" + name + "\", \"public_host\": \"node2.example.org\", \"wireguard_public_key\": \"" + key + "\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/nodes", null).body()).contains("\"name\":\"" + name + "\"", key);

        var badKey = admin("PUT", "/api/admin/nodes/" + name,
                "{\"name\": \"" + name + "\", \"public_host\": \"node2.example.org\", \"wireguard_public_key\": \"x'; --\"}");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("wireguard_public_key");
        assertThat(admin("GET", "/api/admin/nodes", null).body()).contains(key);
    }

    @Test
    void onlyAdminsGetIn() throws Exception {
        assertThat(call("GET", "/api/admin/profiles", null, null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/admin/profiles", null, null, system.adminUser(), "wrong password").statusCode()).isEqualTo(401);
        var wrongType = call("POST", "/api/admin/profiles", "profile_id=x", "application/x-www-form-urlencoded",
                system.adminUser(), system.adminPassword());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }
}
