package org.tunnelgate.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Stores every {@link Instant} as a UTC {@code DATETIME(6)} — the one timestamp convention of the
 * controller (entities hold {@code Instant}; plain-JDBC code uses {@link #toDatabase}/{@link #fromDatabase}).
 * JPA 3.1 has no mapping for Instant of its own, and going through {@code java.sql.Timestamp} would
 * use the JVM's time zone, which can differ between the instances of a cluster. Values are cut to
 * microseconds, what the column holds, so an instant reads back exactly as it was written.
 */
@Converter(autoApply = true)
public class UtcInstantConverter implements AttributeConverter<Instant, LocalDateTime> {

    @Override
    public LocalDateTime convertToDatabaseColumn(Instant instant) {
        return toDatabase(instant);
    }

    @Override
    public Instant convertToEntityAttribute(LocalDateTime stored) {
        return fromDatabase(stored);
    }

    /** The column value of an instant, for JDBC ({@code setObject}). */
    public static LocalDateTime toDatabase(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The instant of a column value read over JDBC ({@code getObject(…, LocalDateTime.class)}). */
    public static Instant fromDatabase(LocalDateTime stored) {
        return stored == null ? null : stored.toInstant(ZoneOffset.UTC);
    }
}
