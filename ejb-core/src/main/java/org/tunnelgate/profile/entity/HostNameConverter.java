package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** One {@link HostName} column (a node's public host). */
@Converter
public class HostNameConverter implements AttributeConverter<HostName, String> {

    @Override
    public String convertToDatabaseColumn(HostName name) {
        return name == null ? null : name.toString();
    }

    @Override
    public HostName convertToEntityAttribute(String column) {
        return column == null ? null : HostName.parse(column);
    }
}
