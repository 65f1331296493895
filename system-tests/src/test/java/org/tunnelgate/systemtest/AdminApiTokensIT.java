package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Scoped admin API tokens, made and revoked in the console (real Chromium) and used over HTTPS: a
 * read-only token reads and cannot write, a read-write token writes with the API's status codes,
 * the console shows when a token was last used, and a revoked token is refused at once.
 */
class AdminApiTokensIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void aReadOnlyTokenMadeInTheConsoleReadsCannotWriteShowsItsLastUseAndFailsOnceRevoked() throws Exception {
        try (var chromium = new Chromium(system)) {
            chromium.login(system.adminUser(), system.adminPassword());
            String token = makeToken(chromium, "ci reader " + TestAccounts.uniqueName(""), "read-only (GET)");
            assertThat(token).startsWith("tgat_");

            var users = call("GET", "/api/admin/users?q=" + system.adminUser(), token, null);
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("\"name\":\"" + system.adminUser() + "\"", "\"role\":\"admin\"");
            String name = TestAccounts.uniqueName("by-reader");
            var write = call("POST", "/api/admin/users", token, "{\"name\":\"" + name + "\",\"password\":\"long enough password\"}");
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(write.body()).contains("read-only");
            assertThat(call("GET", "/api/admin/users/" + name, token, null).statusCode()).as("nothing written").isEqualTo(404);

            chromium.open("/admin/tokens");
            WebElement row = rowWithToken(chromium, token);
            assertThat(row.findElement(By.className("token-used")).getText()).isNotEqualTo("never");
            assertThat(chromium.browser.getPageSource()).as("the token is shown only once").doesNotContain(token);
            chromium.screenshot("admin-tokens-1280");
            chromium.submit(row.findElement(By.cssSelector("input[value=Revoke]")), "/admin/tokens");

            assertThat(call("GET", "/api/admin/users", token, null).statusCode()).as("revoked at once").isEqualTo(401);
        }
    }

    @Test
    void aReadWriteTokenCreatesAUserWithTheApisStatusCodesAndEveryChangeIsAudited() throws Exception {
        try (var chromium = new Chromium(system)) {
            chromium.login(system.adminUser(), system.adminPassword());
            String token = makeToken(chromium, "ci writer " + TestAccounts.uniqueName(""), "read-write");
            String name = TestAccounts.uniqueName("by-writer");
            String body = "{\"name\":\"" + name + "\",\"password\":\"long enough password\"}";

            var created = call("POST", "/api/admin/users", token, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/admin/users/" + name));
            assertThat(call("POST", "/api/admin/users", token, body).statusCode()).isEqualTo(409);
            assertThat(call("POST", "/api/admin/users", token, "{\"name\":\"bad name!\",\"password\":\"long enough password\"}")
                    .statusCode()).isEqualTo(400);
            assertThat(call("GET", "/api/admin/users/no-such-" + name, token, null).statusCode()).isEqualTo(404);

            assertThat(call("POST", "/api/admin/users/" + name + "/disable", token, null).statusCode()).isEqualTo(204);
            assertThat(call("GET", "/api/admin/users/" + name, token, null).body()).contains("\"enabled\":false");
            assertThat(call("PUT", "/api/admin/users/" + name + "/role", token, "{\"role\":\"admin\"}").statusCode()).isEqualTo(204);
            assertThat(call("PUT", "/api/admin/users/" + name + "/password", token, "{\"password\":\"short\"}").statusCode())
                    .isEqualTo(400);
            assertThat(call("DELETE", "/api/admin/users/" + system.adminUser(), token, null).statusCode())
                    .as("the token's own admin").isEqualTo(403);
            assertThat(call("DELETE", "/api/admin/users/" + name, token, null).statusCode()).isEqualTo(204);
            assertThat(call("GET", "/api/admin/users/" + name, token, null).statusCode()).isEqualTo(404);
            assertThat(call("DELETE", "/api/admin/users/" + name, token, null).statusCode()).isEqualTo(404);

            var trail = call("GET", "/api/admin/audit?target=" + name, token, null);
            assertThat(trail.statusCode()).isEqualTo(200);
            assertThat(trail.body()).contains("\"action\":\"account.create\"", "\"actor\":\"" + system.adminUser() + "\"",
                    "\"outcome\":\"done\"", "\"from_address\":", "\"action\":\"account.disable\"",
                    "\"action\":\"account.make-admin\"", "\"action\":\"account.delete\"");
        }
    }

    @Test
    void aPlainUserAndAnUnknownTokenAreRefusedByTheAdminApi() throws Exception {
        String user = accounts.newUser("api-plain");
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
        var asUser = system.httpClient().send(HttpRequest.newBuilder(system.httpsUrl("/api/admin/users"))
                .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/admin/audit", "tgat_" + "A".repeat(43), null).statusCode()).isEqualTo(401);
    }

    private static String makeToken(Chromium chromium, String name, String scope) {
        chromium.open("/admin/tokens");
        chromium.browser.findElement(By.id("create:name")).sendKeys(name);
        chromium.browser.findElement(By.xpath("//select[@id='create:scope']/option[text()='" + scope + "']")).click();
        chromium.submit(chromium.browser.findElement(By.id("create:submit")), "/admin/tokens");
        return chromium.browser.findElement(By.id("token-text")).getText().strip();
    }

    private static WebElement rowWithToken(Chromium chromium, String token) {
        // the list does not show tokens: find the newest row (tokens are listed newest first)
        return chromium.browser.findElements(By.cssSelector("tr.token")).get(0);
    }

    private HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        var request = HttpRequest.newBuilder(system.httpsUrl(path)).header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return system.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
