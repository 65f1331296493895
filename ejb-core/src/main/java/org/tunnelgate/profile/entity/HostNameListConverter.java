package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Host names as one newline-separated column, checked again when the row is read. */
@Converter
public class HostNameListConverter implements AttributeConverter<List<HostName>, String> {

    private static final TextListConverter TEXT = new TextListConverter();

    @Override
    public String convertToDatabaseColumn(List<HostName> names) {
        return TEXT.convertToDatabaseColumn(names == null ? null : names.stream().map(HostName::toString).toList());
    }

    @Override
    public List<HostName> convertToEntityAttribute(String column) {
        return TEXT.convertToEntityAttribute(column).stream().map(HostName::parse).toList();
    }
}
