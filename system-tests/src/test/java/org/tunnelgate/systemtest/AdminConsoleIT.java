package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The admin console in a real browser (Debian's headless Chromium, the strict content security
 * policy in force): the dashboard's configuration check, finding, disabling and auditing a user,
 * markup in names shown as text, and the console closed to plain users. Every page is
 * photographed at laptop and phone width into {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleIT {

    /** How the console shows a time: "2 Dec 2026, 20:57:03 CET" — never an ISO string. */
    private static final String TIME = "\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}:\\d{2} \\S+";

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
    void theDashboardPointsOutTheExampleHostAndKeyAndShowsThePoolsAtLaptopAndPhoneWidth() throws Exception {
        // a bare node as the example seed has it (the test system's own "local" node is enrolled for real)
        String bare = "example-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var saved = system.httpClient().send(java.net.http.HttpRequest.newBuilder(system.httpsUrl("/api/admin/nodes/" + bare))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (system.adminUser() + ":" + system.adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"" + bare + "\", \"public_host\": \"vpn.example.org\","
                        + " \"wireguard_public_key\": \"HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 204);
        chromium.open("/admin");

        List<String> problems = texts(By.cssSelector("#problems li"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("vpn.example.org"))
                .anySatisfy(p -> assertThat(p).contains("example WireGuard key"));
        assertThat(texts(By.className("pool-profile"))).contains("employees", "admins-wg");
        photograph("dashboard");
    }

    @Test
    void anAdminCreatesFindsAndDisablesAUserWhoseConfigurationsGoAndTheTrailSaysWhoFromWhere() {
        String name = TestAccounts.uniqueName("console");
        chromium.open("/admin/users");
        chromium.browser.findElement(By.id("create:name")).sendKeys(name);
        chromium.browser.findElement(By.id("create:password")).sendKeys(TestAccounts.PASSWORD);
        chromium.submit(chromium.browser.findElement(By.id("create:submit")), "/admin/user");
        assertThat(text(By.id("state"))).isEqualTo("enabled");

        // the person downloads a WireGuard configuration in the portal
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(name, TestAccounts.PASSWORD);
        var created = portal.submit(portal.open("/configurations"), "create",
                Map.of("create:choice", "employees|wireguard", "create:name", "laptop"), "create:submit");
        assertThat(created.status()).as("%s", created).isEqualTo(200);

        chromium.open("/admin/users?q=" + name.substring(0, 12));
        chromium.submit(chromium.browser.findElement(By.linkText(name)), "/admin/user");
        assertThat(texts(By.className("configuration-profile"))).containsExactly("employees");
        photograph("user");

        chromium.submit(chromium.browser.findElement(By.id("account:disable")), "/admin/user");
        assertThat(text(By.id("state"))).isEqualTo("disabled");
        assertThat(chromium.browser.findElements(By.id("no-configurations"))).as("configurations ended").hasSize(1);
        assertThat(portal.get("/configurations").status()).as("the person is logged out").isEqualTo(302);

        chromium.open("/admin/audit?target=" + name);
        photograph("audit");
        var rows = chromium.browser.findElements(By.cssSelector("#entries tr.entry"));
        assertThat(rows).extracting(r -> r.findElement(By.className("audit-action")).getText())
                .containsExactly("account.disable", "account.create");
        for (WebElement row : rows) {
            assertThat(row.findElement(By.className("audit-actor")).getText()).isEqualTo(system.adminUser());
            assertThat(row.findElement(By.className("audit-outcome")).getText()).isEqualTo("done");
            assertThat(row.findElement(By.className("audit-from")).getText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
            assertThat(row.findElement(By.tagName("td")).getText()).matches(TIME);
        }
        assertThat(chromium.browser.findElement(By.tagName("main")).getText()).containsPattern("Times in [A-Za-z_/]+");
    }

    @Test
    void markupAndExpressionsInANameAreShownAsTextEverywhere() throws Exception {
        String hostile = "<script>alert(1)</script>\"'{{7*7}}#{7*7}${7*7}" + TestAccounts.uniqueName("");
        chromium.open("/admin/users");
        chromium.browser.findElement(By.id("create:name")).sendKeys(hostile);
        chromium.browser.findElement(By.id("create:password")).sendKeys(TestAccounts.PASSWORD);
        chromium.submit(chromium.browser.findElement(By.id("create:submit")), "/admin/users");
        assertThat(text(By.id("messages"))).contains("An account name has");
        assertThat(chromium.browser.findElement(By.id("create:name")).getAttribute("value")).isEqualTo(hostile);

        // the refused attempt is audited with the name as its target, and shown as exactly that text
        chromium.open("/admin/audit?target=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
        assertThat(texts(By.className("audit-target"))).containsExactly(hostile);
        assertThat(chromium.browser.findElement(By.id("target")).getAttribute("value")).isEqualTo(hostile);
        chromium.open("/admin/user?name=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
        assertThat(text(By.id("unknown"))).isEqualTo("There is no account named " + hostile + ".");
        assertThatThrownBy(() -> chromium.browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void anAdminCannotDisableDemoteOrDeleteThemselvesInTheConsole() {
        chromium.open("/admin/user?name=" + system.adminUser());

        assertThat(chromium.browser.findElements(By.cssSelector("#account input[type=submit]"))).isEmpty();
        assertThat(text(By.id("role"))).isEqualTo("admin");
    }

    @Test
    void aPlainUserIsRefusedEveryAdminPage() {
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(accounts.newUser("plain"), TestAccounts.PASSWORD);

        for (String path : List.of("/admin", "/admin/users", "/admin/user?name=" + system.adminUser(), "/admin/audit")) {
            var page = portal.get(path);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).doesNotContain("Audit trail").doesNotContain(system.adminUser() + "</");
        }
    }

    @Test
    void aProfileIsCreatedWithItsProblemsShownAtTheFieldsAndDeletedOnlyWithDisconnectEveryone() throws Exception {
        String id = TestAccounts.uniqueName("lab");
        TestNetworks slot = TestNetworks.next();
        String displayName = "<b>Lab</b> \"{{7*7}}\"";
        chromium.open("/admin/profile");
        type("profile:id", id);
        type("profile:displayName", displayName);
        type("profile:wireguardIpv4", slot.ipv4(33));
        type("profile:wireguardIpv6", slot.ipv6(64));
        type("profile:wireguardPort", String.valueOf(slot.wireGuardPort()));
        type("profile:nodes", "local");
        type("profile:dnsServers", "9.9.9.9");
        chromium.submit(chromium.browser.findElement(By.id("profile:save")), "/admin/profile");

        assertThat(text(By.id("wireguardIpv4-problem"))).contains("wireguard.ipv4_range", slot.ipv4(33));
        assertThat(text(By.id("displayName-problem"))).isEmpty();
        photograph("profile-form");
        type("profile:wireguardIpv4", slot.ipv4(24));
        chromium.submit(chromium.browser.findElement(By.id("profile:save")), "/admin/profile");
        assertThat(text(By.id("messages"))).as("the fields' problems: %s", texts(By.cssSelector("[id$='-problem']")))
                .contains("Created profile " + id);

        // somebody uses it, once the node carries the new profile's interface (the next health probe, every 3 s,
        // gives it the interface and records the interface's public key)
        awaitInterfaceKey("local", id);
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(accounts.newUser("lab-user"), TestAccounts.PASSWORD);
        var created = portal.submit(portal.open("/configurations"), "create",
                Map.of("create:choice", id + "|wireguard", "create:name", "lab laptop"), "create:submit");
        assertThat(created.body()).contains("lab laptop");

        chromium.open("/admin/profiles");
        assertThat(texts(By.className("profile-name"))).contains(displayName);
        photograph("profiles");
        WebElement row = rowOf(id);
        chromium.submit(row.findElement(By.cssSelector("input[value=Delete]")), "/admin/profiles");
        assertThat(text(By.id("messages"))).contains("still has 1 configurations");
        assertThat(texts(By.className("profile-id"))).contains(id);

        chromium.browser.findElement(By.id("profiles:disconnectEveryone")).click();
        chromium.submit(rowOf(id).findElement(By.cssSelector("input[value=Delete]")), "/admin/profiles");
        assertThat(text(By.id("messages"))).contains("Deleted profile " + id + " and its 1 configurations");
        assertThat(texts(By.className("profile-id"))).doesNotContain(id);
        assertThat(portal.open("/configurations").body()).doesNotContain("lab laptop");
    }

    @Test
    void anAppIsRegisteredAndRemovedWhileTheBuiltInAppsStay() {
        String clientId = "org.example." + TestAccounts.uniqueName("app");
        chromium.open("/admin/clients");
        assertThat(texts(By.className("client-kind"))).contains("built-in");
        for (WebElement row : chromium.browser.findElements(By.cssSelector("tr.client"))) {
            if (row.findElement(By.className("client-kind")).getText().equals("built-in")) {
                assertThat(row.findElements(By.cssSelector("input[value=Remove]"))).isEmpty();
            }
        }
        type("register:clientId", clientId);
        type("register:displayName", "Test app");
        type("register:redirectUris", "http://127.0.0.1:{PORT}/callback");
        chromium.submit(chromium.browser.findElement(By.id("register:submit")), "/admin/clients");
        assertThat(texts(By.className("client-id"))).contains(clientId);
        photograph("clients");

        for (WebElement row : chromium.browser.findElements(By.cssSelector("tr.client"))) {
            if (row.findElement(By.className("client-id")).getText().equals(clientId)) {
                chromium.submit(row.findElement(By.cssSelector("input[value=Remove]")), "/admin/clients");
                break;
            }
        }
        chromium.awaitPath("/admin/clients");
        assertThat(texts(By.className("client-id"))).doesNotContain(clientId);
        chromium.open("/admin/audit?target=" + clientId);
        assertThat(texts(By.className("audit-action"))).containsExactly("oauth-client.unregister", "oauth-client.register");
    }

    private void awaitInterfaceKey(String node, String profileId) throws java.sql.SQLException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        try (var db = java.sql.DriverManager.getConnection(system.jdbcUrl(), system.jdbcUser(), system.jdbcPassword());
             var query = db.prepareStatement("SELECT COUNT(*) FROM node_wireguard_interface"
                     + " WHERE node_name = ? AND profile_id = ? AND public_key IS NOT NULL")) {
            query.setString(1, node);
            query.setString(2, profileId);
            while (true) {
                try (var row = query.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                assertThat(java.time.Instant.now()).as("node %s reports the interface of %s", node, profileId).isBefore(deadline);
                Thread.onSpinWait();
            }
        }
    }

    private WebElement rowOf(String profileId) {
        for (WebElement row : chromium.browser.findElements(By.cssSelector("#list tbody tr"))) {
            if (row.findElement(By.className("profile-id")).getText().equals(profileId)) {
                return row;
            }
        }
        throw new AssertionError("no row for profile " + profileId);
    }

    private void type(String id, String text) {
        WebElement field = chromium.browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Photographs the current page at 1280 and 390 px and checks that a phone needs no sideways scrolling. */
    private void photograph(String page) {
        chromium.screenshot("admin-" + page + "-1280");
        chromium.width(390);
        try {
            chromium.browser.navigate().refresh();
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
