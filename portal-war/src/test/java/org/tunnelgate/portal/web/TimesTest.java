package org.tunnelgate.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void theBrowsersZoneFromItsCookieIsUsedAndAnythingElseIsUtc() {
        assertThat(Times.zoneOf(new Cookie[] {new Cookie("tg_tz", "Europe/Amsterdam")})).isEqualTo(ZoneId.of("Europe/Amsterdam"));
        assertThat(Times.zoneOf(null)).isEqualTo(ZoneOffset.UTC);
        assertThat(Times.parse("Mars/Olympus")).isEqualTo(ZoneOffset.UTC);
        assertThat(Times.parse("<script>")).isEqualTo(ZoneOffset.UTC);
        assertThat(Times.parse("x".repeat(65))).isEqualTo(ZoneOffset.UTC);
    }
}
