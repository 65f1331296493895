package org.tunnelgate.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Stores every {@link Instant} attribute as {@link UtcDateTime} says. JPA 3.1 has no mapping for
 * Instant of its own, and going through {@code java.sql.Timestamp} would use the JVM's time zone,
 * which can differ between the instances of a cluster.
 */
@Converter(autoApply = true)
public class UtcInstantConverter implements AttributeConverter<Instant, LocalDateTime> {

    @Override
    public LocalDateTime convertToDatabaseColumn(Instant instant) {
        return UtcDateTime.toDatabase(instant);
    }

    @Override
    public Instant convertToEntityAttribute(LocalDateTime stored) {
        return UtcDateTime.fromDatabase(stored);
    }
}
