package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * An {@link IpPrefix} in its canonical CIDR text. Parsed once when the row is read, so a profile's
 * ranges are value objects for the whole life of the instance, not strings parsed on every call.
 */
@Converter
public class IpPrefixConverter implements AttributeConverter<IpPrefix, String> {

    @Override
    public String convertToDatabaseColumn(IpPrefix prefix) {
        return prefix == null ? null : prefix.toString();
    }

    @Override
    public IpPrefix convertToEntityAttribute(String column) {
        return column == null ? null : IpPrefix.parse(column);
    }
}
