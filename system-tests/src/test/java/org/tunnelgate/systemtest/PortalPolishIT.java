package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * What a person notices in the portal: the new WireGuard card holds its QR code and key at laptop
 * and phone width, the home page says what to type into an app, password managers get their hints,
 * and somebody whose account an admin disables is told why they are back at the login page.
 */
class PortalPolishIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final TestAccounts accounts = new TestAccounts(system);

    @Test
    void theNewWireGuardCardHoldsItsQrCodeAndKeyAtLaptopAndPhoneWidth() {
        String name = accounts.newUser("card");
        try (var chromium = new Chromium(system)) {
            chromium.login(name, TestAccounts.PASSWORD);
            for (int width : new int[] {1280, 390}) {
                chromium.width(width);
                chromium.open("/configurations");
                chromium.browser.findElement(By.xpath("//select[@id='create:choice']/option[text()='Employees — WireGuard']")).click();
                chromium.submit(chromium.browser.findElement(By.id("create:submit")), "/configurations");

                if (chromium.browser.findElements(By.id("created")).isEmpty()) {
                    chromium.screenshot("portal-wireguard-card-missing-" + width);
                    throw new AssertionError("no new configuration at " + width + " px: "
                            + chromium.browser.findElement(By.tagName("main")).getText());
                }
                WebElement card = chromium.browser.findElement(By.id("created"));
                assertInside(chromium.browser.findElement(By.cssSelector("#qr svg")).getRect(), card.getRect(), "QR code at " + width);
                assertInside(chromium.browser.findElement(By.id("config-text")).getRect(), card.getRect(), "key at " + width);
                Object clipped = ((JavascriptExecutor) chromium.browser).executeScript(
                        "var p = document.getElementById('config-text'); return p.scrollWidth > p.clientWidth;");
                assertThat(clipped).as("the configuration text needs no sideways scrolling at %d px", width).isEqualTo(false);
                assertThat(chromium.overflowsHorizontally()).as("page wider than %d px: %s", width, chromium.overflowingElements()).isFalse();
                chromium.screenshot("portal-wireguard-card-" + width);
            }
        }
    }

    @Test
    void theHomePageSaysWhichServerAddressToTypeIntoAnApp() {
        var portal = new PortalClient(system.httpsUrl("/"));
        portal.login(accounts.newUser("home"), TestAccounts.PASSWORD);

        assertThat(portal.open("/").body()).contains("<code id=\"server-address\">localhost:" + system.httpsPort() + "</code>");
    }

    @Test
    void passwordManagersGetTheirAutocompleteHints() {
        var portal = new PortalClient(system.httpsUrl("/"));
        assertThat(portal.open("/login").body()).containsPattern("id=\"login:name\"[^>]*autocomplete=\"username\"")
                .containsPattern("id=\"login:password\"[^>]*autocomplete=\"current-password\"");
        portal.login(accounts.newUser("hints"), TestAccounts.PASSWORD);
        assertThat(portal.open("/account").body()).containsPattern("autocomplete=\"new-password\"");
    }

    @Test
    void somebodyWhoseAccountIsDisabledIsToldWhyTheyAreLoggedOut() {
        String name = accounts.newUser("ended");
        try (var chromium = new Chromium(system)) {
            chromium.login(name, TestAccounts.PASSWORD);

            accounts.setEnabled(name, false);
            chromium.open("/account");

            chromium.awaitPath("/login");
            assertThat(chromium.browser.findElement(By.id("ended-by-admin")).getText())
                    .contains("an administrator disabled or removed your account");
            chromium.screenshot("portal-ended-by-admin");
            chromium.open("/login");
            assertThat(chromium.browser.findElements(By.id("ended-by-admin"))).as("said once").isEmpty();
        }
    }

    private static void assertInside(Rectangle inner, Rectangle outer, String what) {
        assertThat(inner.getX()).as(what + " left").isGreaterThanOrEqualTo(outer.getX());
        assertThat(inner.getX() + inner.getWidth()).as(what + " right").isLessThanOrEqualTo(outer.getX() + outer.getWidth());
    }
}
