package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A {@link PortList} stored as {@code 1194,443}; reading it back checks it again. */
@Converter
public class PortListConverter implements AttributeConverter<PortList, String> {

    @Override
    public String convertToDatabaseColumn(PortList ports) {
        return ports == null ? "" : ports.text();
    }

    @Override
    public PortList convertToEntityAttribute(String column) {
        return PortList.fromText(column);
    }
}
