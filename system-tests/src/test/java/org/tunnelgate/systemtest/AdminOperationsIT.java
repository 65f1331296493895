package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The console pages an operator runs the service from, in a real browser (Debian's headless
 * Chromium): nodes (add one and see its enrollment command, drain, new token, remove), statistics
 * (charts drawn by the Chart.js the EAR serves, CSV export), the REST API's OpenAPI document and its
 * page of operations. The connections page and the log
 * lookup are proven with a real WireGuard session in {@code api.AdminConnectionsIT}. Every
 * page is photographed at laptop and phone width into {@code target/screenshots/}; markup in names
 * is shown as text; forms without the view state are refused; plain users get 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminOperationsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);
    private Chromium chromium;

    @BeforeAll
    void logInAsAdmin() {
        chromium = new Chromium(system);
        chromium.login(system.adminUser(), system.adminPassword());
    }

    @AfterAll
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdminAddsANodeSeesItsEnrollmentCommandDrainsItGivesItANewTokenAndRemovesIt() {
        // the test system's own node is enrolled for real: its probe reports the agent's version
        chromium.open("/admin/nodes");
        awaitTrue("the local node's agent version", () -> {
            chromium.open("/admin/nodes");
            return !cellOf("local", "node-agent").contains("not yet seen");
        });
        assertThat(cellOf("local", "node-health")).startsWith("up");
        assertThat(cellOf("local", "node-load")).matches("\\d+ peers, \\d+ clients of \\d+.*");

        String name = TestAccounts.uniqueName("lab-node");
        String location = "<script>alert(1)</script>\"{{7*7}}";
        type("register:name", name);
        type("register:agentUrl", "https://127.0.0.1:9");
        type("register:publicHost", "203.0.113.7");
        type("register:location", location);
        chromium.submit(chromium.browser.findElement(By.id("register:submit")), "/admin/nodes");
        String command = text(By.id("enroll-command"));
        assertThat(command).contains("enroll --controller https://", "--token ").doesNotContain("\n");
        assertThat(rowOf(name).getText()).contains(location);
        assertThatThrownBy(() -> chromium.browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        photograph("nodes");

        chromium.submit(rowOf(name).findElement(By.cssSelector("input[value=Drain]")), "/admin/nodes");
        assertThat(text(By.id("messages"))).contains("Drained " + name);
        assertThat(cellOf(name, "node-health")).startsWith("maintenance");
        chromium.submit(rowOf(name).findElement(By.cssSelector("input[value=Undrain]")), "/admin/nodes");
        assertThat(rowOf(name).findElements(By.cssSelector("input[value=Drain]"))).hasSize(1);

        chromium.submit(rowOf(name).findElement(By.cssSelector("input[value='New token']")), "/admin/nodes");
        assertThat(text(By.id("enroll-command"))).contains("--token ").isNotEqualTo(command);

        chromium.submit(rowOf(name).findElement(By.cssSelector("input[value=Remove]")), "/admin/nodes");
        assertThat(text(By.id("messages"))).contains("Removed node " + name);
        assertThat(texts(By.className("node-name"))).doesNotContain(name).contains("local");

        chromium.open("/admin/audit?target=" + name);
        assertThat(texts(By.className("audit-action")))
                .containsExactly("node.remove", "node.token", "node.maintenance", "node.maintenance", "node.register");
    }

    @Test
    void theStatisticsPageDrawsItsChartsFromTheEarAndExportsTheSameDataAsCsv() {
        chromium.open("/admin/statistics");
        awaitTrue("the charts drawn", () -> chromium.browser.findElements(By.cssSelector("canvas[data-chart]")).stream()
                .allMatch(c -> "true".equals(c.getAttribute("data-drawn"))));
        assertThat(chromium.browser.findElements(By.cssSelector("canvas[data-drawn=true]"))).hasSize(4);
        assertThat(((org.openqa.selenium.JavascriptExecutor) chromium.browser).executeScript("return Chart.version;")).isEqualTo("4.4.1");
        assertThat(texts(By.className("pool-profile"))).contains("employees");
        assertThat(chromium.browser.findElement(By.tagName("main")).getText()).containsPattern("Times in [A-Za-z_/]+");
        photograph("statistics");

        var admin = accounts.admin();
        var pools = admin.get("/admin/statistics.csv?data=pools");
        assertThat(pools.status()).isEqualTo(200);
        assertThat(pools.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(pools.body().lines().toList()).first().isEqualTo("profile,protocol,in_use,capacity,percent");
        assertThat(pools.body()).containsPattern("(?m)^employees,wireguard,\\d+,\\d+,\\d+\r?$");
        assertThat(admin.get("/admin/statistics.csv?data=daily").body()).startsWith("day_utc,profile,unique_users,max_concurrent");
        assertThat(admin.get("/admin/statistics.csv?data=live").body()).startsWith("time (UTC),profile,connections");
        assertThat(admin.get("/admin/statistics.csv?data=secrets").status()).isEqualTo(400);
    }

    @Test
    void theAdminApiIsDescribedAsOpenApiAndAsAPageOfOperations() throws Exception {
        chromium.open("/admin/api");
        assertThat(texts(By.className("operation-path"))).contains("GET /api/admin/connections/live",
                "DELETE /api/admin/connections/{id}", "POST /api/admin/nodes", "GET /api/admin/statistics");
        photograph("api");
        var document = accounts.admin().get("/openapi");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(document.body()).contains("\"openapi\":\"3.0.3\"", "\"/api/admin/users/{name}/disable\"");
        var byToken = system.httpClient().send(java.net.http.HttpRequest.newBuilder(system.httpsUrl("/api/admin/openapi"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(byToken.statusCode()).isEqualTo(200);
        assertThat(byToken.body()).isEqualTo(document.body());
    }

    @Test
    void theNodesFormsRefuseAPostWithoutTheViewState() {
        String name = TestAccounts.uniqueName("forged");
        var admin = accounts.admin();
        var page = admin.open("/admin/nodes");
        var forged = admin.post("/admin/nodes", Map.of("register", "register", "register:name", name,
                "register:agentUrl", "https://127.0.0.1:9", "register:publicHost", "203.0.113.8", "register:submit", "Add node"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(page.status()).isEqualTo(200);
        assertThat(admin.open("/admin/nodes").body()).doesNotContain(name);
    }

    @Test
    void aPlainUserIsRefusedTheOperatorsPagesAndApiCalls() throws Exception {
        String plain = accounts.newUser("plain-ops");
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(plain, TestAccounts.PASSWORD);
        for (String path : List.of("/admin/nodes", "/admin/connections", "/admin/lookup?user=" + system.adminUser(),
                "/admin/statistics", "/admin/statistics.csv?data=daily", "/admin/api", "/openapi")) {
            var page = portal.get(path);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).doesNotContain("enroll").doesNotContain("unique_users").doesNotContain("/api/admin/");
        }
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (plain + ":" + TestAccounts.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String path : List.of("/api/admin/nodes", "/api/admin/nodes/local", "/api/admin/connections/live",
                "/api/admin/connections?user=" + system.adminUser(), "/api/admin/statistics", "/api/admin/openapi")) {
            var answer = system.httpClient().send(java.net.http.HttpRequest.newBuilder(system.httpsUrl(path))
                    .header("Authorization", basic).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
        }
    }

    private void awaitTrue(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.get()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    private WebElement rowOf(String nodeName) {
        for (WebElement row : chromium.browser.findElements(By.cssSelector("#list tr.node"))) {
            if (row.findElement(By.className("node-name")).getText().equals(nodeName)) {
                return row;
            }
        }
        throw new AssertionError("no row for node " + nodeName);
    }

    private String cellOf(String nodeName, String cellClass) {
        return rowOf(nodeName).findElement(By.className(cellClass)).getText();
    }

    private void type(String id, String text) {
        WebElement field = chromium.browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /**
     * Photographs the current page at 1280 and 390 px and checks that a phone needs no sideways
     * scrolling (the page is laid out anew at the narrow width, not reloaded: it may be a POST's answer).
     */
    private void photograph(String page) {
        chromium.screenshot("admin-" + page + "-1280");
        chromium.width(390);
        try {
            assertThat(chromium.overflowsHorizontally()).as("%s wider than a 390 px phone: %s", page, chromium.overflowingElements()).isFalse();
            chromium.screenshot("admin-" + page + "-390");
        } finally {
            chromium.width(1280);
        }
    }

    private String text(By by) {
        return chromium.browser.findElement(by).getText();
    }

    private List<String> texts(By by) {
        return chromium.browser.findElements(by).stream().map(WebElement::getText).toList();
    }
}
