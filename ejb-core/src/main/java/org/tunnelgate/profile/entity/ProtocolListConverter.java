package org.tunnelgate.profile.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.List;

/** The offered protocols in preferred order, stored as {@code wireguard,openvpn}. */
@Converter
public class ProtocolListConverter implements AttributeConverter<List<Protocol>, String> {

    @Override
    public String convertToDatabaseColumn(List<Protocol> protocols) {
        return String.join(",", protocols.stream().map(Protocol::apiName).toList());
    }

    @Override
    public List<Protocol> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty() ? List.of()
                : Arrays.stream(column.split(",")).map(n -> Protocol.fromApiName(n).orElseThrow()).toList();
    }
}
