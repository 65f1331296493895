package org.tunnelgate.portal.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * IMF-fixdate (RFC 9110 §5.6.7), e.g. {@code Fri, 06 Aug 2021 03:59:59 GMT}. Not
 * {@link DateTimeFormatter#RFC_1123_DATE_TIME}, which drops the leading zero of the day.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {}

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
