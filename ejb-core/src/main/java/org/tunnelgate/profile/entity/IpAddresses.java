package org.tunnelgate.profile.entity;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Strict parsing and canonical formatting of IPv4 and IPv6 address literals. Deliberately not
 * {@link java.net.InetAddress#getByName}: that resolves host names over DNS, accepts odd forms
 * (octal, "1.2", zone ids) and maps {@code ::ffff:a.b.c.d} to IPv4 behind your back.
 */
public final class IpAddresses {

    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:]{2,39}");
    private static final Pattern HEXTET = Pattern.compile("[0-9a-fA-F]{1,4}");

    private IpAddresses() {}

    /** @return 4 or 6 for a valid literal, 0 otherwise. */
    public static int family(String literal) {
        if (literal == null) {
            return 0;
        }
        if (V4.matcher(literal).matches()) {
            return 4;
        }
        return parseV6(literal) != null ? 6 : 0;
    }

    /** The address as an unsigned number (32 or 128 bits); IllegalArgumentException if malformed. */
    public static BigInteger toNumber(String literal, int family) {
        if (family == 4 && V4.matcher(literal).matches()) {
            long value = 0;
            for (String octet : literal.split("\\.")) {
                value = (value << 8) | Integer.parseInt(octet);
            }
            return BigInteger.valueOf(value);
        }
        if (family == 6) {
            int[] hextets = parseV6(literal);
            if (hextets != null) {
                BigInteger value = BigInteger.ZERO;
                for (int h : hextets) {
                    value = value.shiftLeft(16).or(BigInteger.valueOf(h));
                }
                return value;
            }
        }
        throw new IllegalArgumentException("not an IPv" + family + " address: " + literal);
    }

    /** Dotted quad for IPv4, RFC 5952 (lower case, longest zero run compressed) for IPv6. */
    public static String format(BigInteger value, int family) {
        if (family == 4) {
            long v = value.longValueExact();
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        }
        int[] h = new int[8];
        for (int i = 7; i >= 0; i--) {
            h[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero hextet is not compressed
        for (int i = 0; i < 8; ) {
            if (h[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && h[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(h[i]));
        }
        return out.toString();
    }

    private static int[] parseV6(String literal) {
        if (!V6_CHARS.matcher(literal).matches() || literal.contains(":::")) {
            return null;
        }
        int doubleColon = literal.indexOf("::");
        if (doubleColon >= 0 && literal.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? literal.substring(0, doubleColon) : literal;
        String tail = doubleColon >= 0 ? literal.substring(doubleColon + 2) : "";
        String[] headParts = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailParts = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        int given = headParts.length + tailParts.length;
        if (doubleColon < 0 ? given != 8 : given > 7) {
            return null;
        }
        int[] hextets = new int[8];
        for (int i = 0; i < headParts.length; i++) {
            if (!HEXTET.matcher(headParts[i]).matches()) {
                return null;
            }
            hextets[i] = Integer.parseInt(headParts[i], 16);
        }
        for (int i = 0; i < tailParts.length; i++) {
            if (!HEXTET.matcher(tailParts[i]).matches()) {
                return null;
            }
            hextets[8 - tailParts.length + i] = Integer.parseInt(tailParts[i], 16);
        }
        return hextets;
    }
}
