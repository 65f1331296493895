package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.List;

/** A list of ports stored as {@code 1194,443}. */
@Converter
public class PortListConverter implements AttributeConverter<List<Integer>, String> {

    @Override
    public String convertToDatabaseColumn(List<Integer> ports) {
        return ports == null ? "" : String.join(",", ports.stream().map(String::valueOf).toList());
    }

    @Override
    public List<Integer> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.stream(column.split(",")).map(Integer::valueOf).toList();
    }
}
