package org.tunnelgate.agent.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.tunnelgate.agent.json.InvalidInput;

/**
 * An IPv4 or IPv6 address with a prefix length, e.g. {@code 10.10.0.1/24} or {@code fd00::1/64}.
 * Parsed strictly so that the text can be passed to {@code ip}, {@code wg} and OpenVPN as it is.
 */
public record IpNet(InetAddress address, int prefix, String text) {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    public static IpNet parse(String text, String where) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidInput(where + ": \"" + shorten(text) + "\" must be an address with a prefix, e.g. 10.0.0.1/32");
        }
        InetAddress address = address(text.substring(0, slash), where);
        int max = address.getAddress().length * 8;
        String digits = text.substring(slash + 1);
        int prefix = PREFIX.matcher(digits).matches() ? Integer.parseInt(digits) : -1;
        if (prefix < 0 || prefix > max) {
            throw new InvalidInput(where + ": bad prefix length in \"" + shorten(text) + "\"");
        }
        return new IpNet(address, prefix, text);
    }

    /** A bare address literal; never resolves names. */
    public static InetAddress address(String literal, String where) {
        boolean v4 = V4.matcher(literal).matches();
        if (!v4 && !(literal.contains(":") && V6.matcher(literal).matches())) {
            throw new InvalidInput(where + ": \"" + shorten(literal) + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new InvalidInput(where + ": \"" + shorten(literal) + "\" is not an IP address");
        }
    }

    public boolean isV4() {
        return address.getAddress().length == 4;
    }

    /** The first address of the network (host bits cleared). */
    public InetAddress network() {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dotted netmask for IPv4 networks, as OpenVPN's {@code server} and {@code route} want it. */
    public String netmask() {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    /** The usual text form: dotted IPv4, or IPv6 with the longest run of zero groups as "::" (RFC 5952). */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) return address.getHostAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        var out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
