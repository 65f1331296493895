package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Portal downloads for people without an app: a WireGuard configuration with a server-made key
 * pair shown once with its QR code (in Chromium, under the content security policy), an OpenVPN
 * file download, and the list of one's configurations with Delete.
 */
class PortalConfigurationsIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void aPersonCreatesAWireGuardConfigurationSeesItOnceWithAQrCodeAndDeletesIt() throws IOException {
        String name = accounts.newUser("portal-wg");
        Path profileDir = Files.createTempDirectory("tg-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profileDir,
                system.chromiumTrustArgument()));
        try {
            browser.get(system.httpsUrl("/configurations").toString());
            awaitPath(browser, "/login");
            browser.findElement(By.id("login:name")).sendKeys(name);
            browser.findElement(By.id("login:password")).sendKeys(TestAccounts.PASSWORD);
            browser.findElement(By.id("login:submit")).click();
            awaitPath(browser, "/configurations");
            assertThat(browser.findElement(By.id("no-configurations")).getText()).contains("no configurations");

            browser.findElement(By.xpath("//select[@id='create:choice']/option[text()='Employees — WireGuard']")).click();
            browser.findElement(By.id("create:name")).sendKeys("my laptop");
            Chromium.clickAndAwaitNewPage(browser, browser.findElement(By.id("create:submit")), "the create");

            String config = browser.findElement(By.id("config-text")).getText();
            assertThat(config).startsWith("[Interface]\nPrivateKey = ").contains("Address = 10.43.", "Endpoint = ");
            var qr = browser.findElement(By.cssSelector("#qr svg"));
            assertThat(qr.getSize().getWidth()).isGreaterThan(100);
            assertThat(browser.findElement(By.id("config-download")).getAttribute("href"))
                    .startsWith("data:application/x-wireguard-profile;base64,");
            assertThat(browser.findElement(By.id("own:configurations")).getText()).contains("my laptop", "Employees", "wireguard");

            // shown once: reloading the page shows the list, never the private key again
            browser.get(system.httpsUrl("/configurations").toString());
            assertThat(browser.getPageSource()).doesNotContain("PrivateKey");
            // the answer comes back on the same path: wait until it has replaced the page, not for the path
            Chromium.clickAndAwaitNewPage(browser, browser.findElement(By.cssSelector("[id$=':delete']")), "the delete");
            assertThat(browser.findElement(By.id("no-configurations")).getText()).contains("no configurations");
        } finally {
            browser.quit();
            service.stop();
            try (Stream<Path> files = Files.walk(profileDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void anOpenVpnConfigurationIsDownloadedAsAFileAndPagesAreNotCached() {
        String name = accounts.newUser("portal-ovpn");
        PortalClient portal = new PortalClient(system.httpsUrl("/"));
        assertThat(portal.login(name, TestAccounts.PASSWORD).status()).isEqualTo(200);

        var page = portal.open("/configurations");
        assertThat(page.header("Cache-Control")).hasValue("no-store");
        var download = portal.submit(page, "create", Map.of("create:choice", "employees|openvpn", "create:name", ""), "create:submit");
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        assertThat(download.header("Content-Type")).hasValue("application/x-openvpn-profile");
        assertThat(download.header("Content-Disposition")).hasValue("attachment; filename=\"employees.ovpn\"");
        assertThat(download.body()).startsWith("client\ndev tun\n").contains("<tls-crypt>").containsPattern("(?m)^remote \\S+ 1194 udp$");

        var forged = portal.submit(portal.open("/configurations"), "create",
                Map.of("create:choice", "admins-wg|wireguard"), "create:submit");
        assertThat(forged.body()).doesNotContain("PrivateKey");
        assertThat(portal.open("/configurations").body()).contains("openvpn").doesNotContain("admins-wg");
    }

    private static void awaitPath(WebDriver browser, String path) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String current = browser.getCurrentUrl();
        while (!URI.create(current).getPath().equals(path) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            current = browser.getCurrentUrl();
        }
        assertThat(URI.create(current).getPath()).as("browser at %s", current).isEqualTo(path);
    }
}
