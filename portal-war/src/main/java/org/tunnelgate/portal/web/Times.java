package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Times as the viewer reads them: {@code #{times.format(instant)}} gives e.g.
 * {@code 2 Dec 2026, 20:57:03 CET}, in the viewer's own time zone, always with the zone named. The
 * zone comes from the cookie {@value #COOKIE} that {@code resources/js/timezone.js} sets from the
 * browser's settings; without JavaScript (or before the first page has set it) times are in UTC,
 * and say so.
 */
@Named
@RequestScoped
public class Times {

    static final String COOKIE = "tg_tz";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH);

    @Inject
    HttpServletRequest request;

    private ZoneId zone;

    public String format(Instant instant) {
        if (instant == null) {
            return "never";
        }
        var local = instant.atZone(zone());
        return FORMAT.format(local) + " " + zone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                .transform(name -> name.equals("Z") ? "UTC" : name);
    }

    /** The viewer's zone by its full name, e.g. {@code Europe/Amsterdam}. */
    public String getZoneName() {
        return zone().getId().equals("Z") ? "UTC" : zone().getId();
    }

    ZoneId zone() {
        if (zone == null) {
            zone = zoneOf(request.getCookies());
        }
        return zone;
    }

    static ZoneId zoneOf(Cookie[] cookies) {
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return parse(cookie.getValue());
                }
            }
        }
        return ZoneOffset.UTC;
    }

    /** A zone id from the browser ({@code Europe/Amsterdam}); anything else is UTC. */
    static ZoneId parse(String value) {
        if (value == null || value.length() > 64 || !value.matches("[A-Za-z0-9_+\\-/]+")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
