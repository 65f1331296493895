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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser (Debian's headless Chromium) logs in and sees the profile list — with the strict
 * content security policy in force, so this also shows that the pages need nothing it forbids.
 */
class BrowserLoginIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);
    private Path profileDir;
    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeEach
    void startChromium() throws IOException {
        profileDir = Files.createTempDirectory("tg-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        var options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profileDir,
                system.chromiumTrustArgument());
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        try (Stream<Path> files = Files.walk(profileDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aPersonLogsInWithChromiumAndSeesTheProfilesTheyMayUse() {
        String name = accounts.newUser("browser");

        browser.get(system.httpsUrl("/").toString());
        awaitPath("/login");
        browser.findElement(By.id("login:name")).sendKeys(name);
        browser.findElement(By.id("login:password")).sendKeys(TestAccounts.PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        awaitPath("/");

        List<String> profiles = browser.findElements(By.className("profile-name")).stream().map(WebElement::getText).toList();
        assertThat(profiles).contains("Employees").doesNotContain("Admins (WireGuard)");
        assertThat(browser.findElement(By.className("who")).getText()).isEqualTo(name);
        // the style sheet loaded under the content security policy
        assertThat(browser.findElement(By.cssSelector("header.top")).getCssValue("background-color"))
                .isEqualTo("rgba(29, 36, 51, 1)");

        browser.findElement(By.id("logoutForm:logout")).click();
        awaitPath("/login");
        browser.get(system.httpsUrl("/account").toString());
        awaitPath("/login");
    }

    private void awaitPath(String path) {
        Instant deadline = Instant.now().plus(WAIT);
        String current = browser.getCurrentUrl();
        while (!URI.create(current).getPath().equals(path) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            current = browser.getCurrentUrl();
        }
        assertThat(URI.create(current).getPath()).as("browser at %s", current).isEqualTo(path);
    }
}
