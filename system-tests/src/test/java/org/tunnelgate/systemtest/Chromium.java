package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (nothing downloaded), trusting
 * exactly the system's CA, with a profile directory of its own that {@link #close()} removes.
 * Screenshots go to {@code target/screenshots/}.
 */
public final class Chromium implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final SystemUnderTest system;
    private final Path profileDir;
    private final ChromeDriverService service;
    public final WebDriver browser;

    public Chromium(SystemUnderTest system) {
        this.system = system;
        try {
            profileDir = Files.createTempDirectory("tg-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        var options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profileDir, "--lang=en-GB", system.chromiumTrustArgument());
        browser = new ChromeDriver(service, options);
        width(1280);
    }

    /** Opens a path of the portal. */
    public void open(String pathAndQuery) {
        browser.get(system.httpsUrl(pathAndQuery).toString());
    }

    public void login(String name, String password) {
        open("/login");
        awaitPath("/login");
        browser.findElement(By.id("login:name")).sendKeys(name);
        browser.findElement(By.id("login:password")).sendKeys(password);
        browser.findElement(By.id("login:submit")).click();
        awaitPath("/");
    }

    /** The window's width in CSS pixels (1280: a laptop, 390: a phone). */
    public void width(int pixels) {
        browser.manage().window().setSize(new Dimension(pixels, 900));
    }

    /** Whether the page is wider than the window (a phone user would have to scroll sideways). */
    public boolean overflowsHorizontally() {
        Object wider = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
        return Boolean.TRUE.equals(wider);
    }

    /** The elements that reach past the window's right edge (for the message of a failed width check). */
    public String overflowingElements() {
        Object found = ((JavascriptExecutor) browser).executeScript(
                "var w = document.documentElement.clientWidth, out = [];"
                + "document.querySelectorAll('body *').forEach(function (e) {"
                + "  var r = e.getBoundingClientRect(); if (r.right > w + 1) out.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(r.right)); });"
                + "return out.slice(0, 10).join(', ');");
        return String.valueOf(found);
    }

    public void awaitPath(String path) {
        Instant deadline = Instant.now().plus(WAIT);
        String current = browser.getCurrentUrl();
        while (!URI.create(current).getPath().equals(path) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            current = browser.getCurrentUrl();
        }
        assertThat(URI.create(current).getPath()).as("browser at %s", current).isEqualTo(path);
    }

    /**
     * Clicks a form's button and waits until its answer has replaced the page and is at {@code path}
     * (which may be the page's own path: waiting for the path alone would read the old page).
     */
    public void submit(org.openqa.selenium.WebElement button, String path) {
        clickAndAwaitNewPage(browser, button, "a click on " + path);
        awaitPath(path);
    }

    /**
     * Clicks and waits until a new document has replaced the current one and has loaded. The old
     * document is marked in its window object, which a navigation drops; asking whether an element
     * of the old page went stale is not enough (chromedriver sometimes answers with another error).
     */
    public static void clickAndAwaitNewPage(WebDriver browser, org.openqa.selenium.WebElement button, String what) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.tgOldPage = true;");
        button.click();
        Instant deadline = Instant.now().plus(WAIT);
        while (!Boolean.TRUE.equals(js.executeScript(
                "return window.tgOldPage === undefined && document.readyState === 'complete';"))) {
            assertThat(Instant.now()).as("the answer to %s", what).isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profileDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
