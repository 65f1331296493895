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

    /**
     * A local date and time as a {@code datetime-local} field sends it ({@code 2026-12-02T20:15} or
     * with seconds), read in the viewer's zone; empty when it is no such time.
     */
    public java.util.Optional<Instant> parseLocal(String value) {
        if (value == null || value.length() > 32) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.LocalDateTime.parse(value.strip()).atZone(zone()).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** The instant as a {@code datetime-local} field shows it in the viewer's zone (to fill a form in again). */
    public String local(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(instant.atZone(zone()));
    }

    /** The time of day in the viewer's zone ({@code 20:55}), for chart axes that name the zone elsewhere. */
    public String timeOfDay(Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm").format(instant.atZone(zone()));
    }

    /** As {@link #format}, without the zone: for a CSV column whose header names the zone. */
    public String plain(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(instant.atZone(zone()));
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
