package org.tunnelgate.profile.entity;

import java.util.regex.Pattern;

/**
 * A name clients connect to: a DNS name ({@code vpn.example.org}) or an IP address literal. Only
 * valid names can be built, so a profile or node holding one never needs to check it again.
 */
public final class HostName {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");

    private final String name;

    private HostName(String name) {
        this.name = name;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static HostName parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a DNS name or IP address");
        }
        return new HostName(text);
    }

    public static boolean isValid(String text) {
        return text != null && (IpAddresses.family(text) != 0 || isDnsName(text));
    }

    /** Letters, digits and inner hyphens in dot-separated labels of up to 63, at most 253 in all. */
    public static boolean isDnsName(String text) {
        if (text == null || text.isEmpty() || text.length() > 253) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** 6 for an IPv6 literal (which needs brackets in URLs and endpoints), 4 for IPv4, 0 for a DNS name. */
    public int addressFamily() {
        return IpAddresses.family(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostName h && h.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
