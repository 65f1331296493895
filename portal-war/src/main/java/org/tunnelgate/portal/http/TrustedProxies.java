package org.tunnelgate.portal.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-*} / {@code Forwarded} headers we believe, as a list of
 * IP addresses and CIDR blocks. Headers from anybody else are ignored: otherwise any client could make
 * the discovery document point wherever it liked.
 */
public final class TrustedProxies {

    /** Only literals: a host name here would mean a DNS lookup per request. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block */
    public static TrustedProxies parse(String commaSeparated) {
        List<Block> blocks = new ArrayList<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    blocks.add(Block.parse(trimmed));
                }
            }
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public boolean contains(String remoteAddress) {
        if (blocks.isEmpty() || remoteAddress == null) {
            return false;
        }
        InetAddress address = literal(remoteAddress);
        return address != null && blocks.stream().anyMatch(block -> block.contains(address));
    }

    private static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IP_LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(InetAddress network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress network = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("tunnelgate.trusted-proxies: not an IP address or CIDR: " + entry);
            }
            int bits = network.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("tunnelgate.trusted-proxies: bad prefix length in " + entry);
                }
            }
            return new Block(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            byte[] n = network.getAddress();
            if (a.length != n.length) {
                return false;
            }
            int bits = a.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
        }
    }
}
