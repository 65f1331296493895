package org.tunnelgate.node.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;

/**
 * What a node's agent says about one OpenVPN client (docs/agent-api.md, "Calls home"): the
 * profile, the client certificate's common name, the address the client comes from and the VPN
 * addresses it got ({@code ""} or null when none), and — when it left — the bytes it sent and
 * received. Addresses are kept in the notation the configurations use (as the connection log is
 * searched), so {@code FD00:98::1000} and {@code fd00:98:0::1000} are one address.
 */
public record OpenVpnClientReport(String profileId, String commonName, String originatingIp, String ipv4, String ipv6,
                                  long bytesIn, long bytesOut) {

    /** Client certificate common names the controller issues, with room to spare (never a path or an escape). */
    static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A report checked and normalised; {@code problems} lists everything wrong with it (then it is null). */
    public static OpenVpnClientReport of(String profileId, String commonName, String originatingIp, String ipv4, String ipv6,
                                         long bytesIn, long bytesOut, List<String> problems) {
        List<String> found = new ArrayList<>();
        if (profileId == null || !Profile.ID_PATTERN.matcher(profileId).matches()) {
            found.add("profile_id must be a profile id");
        }
        if (commonName == null || !COMMON_NAME.matcher(commonName).matches()) {
            found.add("common_name must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String origin = address(originatingIp, "originating_ip", found, 0);
        String four = address(ipv4, "ip_four", found, 4);
        String six = address(ipv6, "ip_six", found, 6);
        if (bytesIn < 0 || bytesOut < 0) {
            found.add("bytes_in and bytes_out must not be negative");
        }
        problems.addAll(found);
        return found.isEmpty() ? new OpenVpnClientReport(profileId, commonName, origin, four, six, bytesIn, bytesOut) : null;
    }

    /** An address in our notation, or null for none; family 4 or 6, or 0 for either. */
    static String address(String text, String field, List<String> problems, int family) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean six = text.contains(":");
        if (text.length() > 45 || !text.matches("[0-9A-Fa-f.:]+") || (family == 4 && six) || (family == 6 && !six)) {
            problems.add(field + " must be " + (family == 4 ? "an IPv4" : family == 6 ? "an IPv6" : "an IP") + " address or empty");
            return null;
        }
        try {
            return IpPrefix.parse(text + (six ? "/128" : "/32")).addressAt(0);
        } catch (IllegalArgumentException e) {
            problems.add(field + " must be " + (family == 4 ? "an IPv4" : family == 6 ? "an IPv6" : "an IP") + " address or empty");
            return null;
        }
    }
}
