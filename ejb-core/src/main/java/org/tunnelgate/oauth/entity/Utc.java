package org.tunnelgate.oauth.entity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants are stored as UTC wall-clock {@code DATETIME(6)} so that the database value never depends on
 * the time zone of whichever controller instance wrote it.
 */
public final class Utc {

    private Utc() {}

    public static LocalDateTime toDb(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
