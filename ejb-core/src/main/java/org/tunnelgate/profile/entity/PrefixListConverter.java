package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Routes as one newline-separated column of CIDR prefixes, parsed once when the row is read. */
@Converter
public class PrefixListConverter implements AttributeConverter<List<IpPrefix>, String> {

    private static final TextListConverter TEXT = new TextListConverter();

    @Override
    public String convertToDatabaseColumn(List<IpPrefix> prefixes) {
        return TEXT.convertToDatabaseColumn(prefixes == null ? null : prefixes.stream().map(IpPrefix::toString).toList());
    }

    @Override
    public List<IpPrefix> convertToEntityAttribute(String column) {
        return TEXT.convertToEntityAttribute(column).stream().map(IpPrefix::parse).toList();
    }
}
