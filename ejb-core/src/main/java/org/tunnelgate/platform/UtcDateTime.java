package org.tunnelgate.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp convention of the controller: an {@link Instant} is stored as a UTC
 * {@code DATETIME(6)}, cut to the microseconds the column holds, so it reads back exactly as written
 * and never depends on the time zone of whichever instance wrote it. Entities get it through
 * {@link UtcInstantConverter}; plain-JDBC code (and the command-line tools, which run without the
 * server and its JPA classes) calls it directly.
 */
public final class UtcDateTime {

    private UtcDateTime() {}

    /** The column value of an instant, for {@code PreparedStatement.setObject}. */
    public static LocalDateTime toDatabase(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The instant of a column value read with {@code getObject(…, LocalDateTime.class)}. */
    public static Instant fromDatabase(LocalDateTime stored) {
        return stored == null ? null : stored.toInstant(ZoneOffset.UTC);
    }

    /** The instant in a column of the current row (null for SQL NULL). */
    public static Instant read(ResultSet rows, int column) throws SQLException {
        return fromDatabase(rows.getObject(column, LocalDateTime.class));
    }

    /** The instant in a named column of the current row (null for SQL NULL). */
    public static Instant read(ResultSet rows, String column) throws SQLException {
        return fromDatabase(rows.getObject(column, LocalDateTime.class));
    }
}
