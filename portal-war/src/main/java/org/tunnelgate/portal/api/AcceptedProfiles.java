package org.tunnelgate.portal.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration formats an app can use, from its {@code Accept} header. The eduVPN client library
 * may send several {@code Accept} lines, so all lines are merged before parsing. Missing or nothing we
 * recognise means "both", as the reference server does.
 */
public final class AcceptedProfiles {

    public static final String WIREGUARD_TYPE = "application/x-wireguard-profile";
    public static final String OPENVPN_TYPE = "application/x-openvpn-profile";

    public enum Format { WIREGUARD, OPENVPN }

    private AcceptedProfiles() {}

    public static Set<Format> from(List<String> acceptLines) {
        EnumSet<Format> formats = EnumSet.noneOf(Format.class);
        if (acceptLines != null) {
            for (String line : acceptLines) {
                if (line == null) {
                    continue;
                }
                for (String range : line.split(",")) {
                    String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                    if (type.equals(WIREGUARD_TYPE)) {
                        formats.add(Format.WIREGUARD);
                    } else if (type.equals(OPENVPN_TYPE)) {
                        formats.add(Format.OPENVPN);
                    }
                }
            }
        }
        return formats.isEmpty() ? EnumSet.allOf(Format.class) : formats;
    }
}
