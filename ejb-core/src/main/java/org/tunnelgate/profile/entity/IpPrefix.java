package org.tunnelgate.profile.entity;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.43.43.0/24}, {@code fd43::/64}): the value
 * object behind address ranges, routes and excluded routes. Always a network address — host bits
 * set ({@code 10.43.43.1/24}) are refused rather than silently masked, because they usually mean
 * the operator typed something other than what they meant.
 */
public final class IpPrefix implements Comparable<IpPrefix> {

    private final int family;
    private final BigInteger network;
    private final int length;

    private IpPrefix(int family, BigInteger network, int length) {
        this.family = family;
        this.network = network;
        this.length = length;
    }

    /** Parses {@code address/length}; IllegalArgumentException with a readable message if malformed. */
    public static IpPrefix parse(String cidr) {
        if (cidr == null || cidr.length() > 43) {
            throw new IllegalArgumentException("not a CIDR prefix: " + cidr);
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + cidr + "\" is missing its prefix length (like 10.0.0.0/24)");
        }
        String address = cidr.substring(0, slash);
        String lengthText = cidr.substring(slash + 1);
        int family = IpAddresses.family(address);
        if (family == 0) {
            throw new IllegalArgumentException("\"" + cidr + "\" does not start with an IP address");
        }
        int bits = family == 4 ? 32 : 128;
        if (!lengthText.matches("\\d{1,3}") || Integer.parseInt(lengthText) > bits) {
            throw new IllegalArgumentException("\"" + cidr + "\" has a prefix length outside 0.." + bits);
        }
        int length = Integer.parseInt(lengthText);
        BigInteger value = IpAddresses.toNumber(address, family);
        IpPrefix prefix = new IpPrefix(family, value.and(mask(bits, length)), length);
        if (!prefix.network.equals(value)) {
            throw new IllegalArgumentException("\"" + cidr + "\" is not a network address (did you mean " + prefix + "?)");
        }
        return prefix;
    }

    public static IpPrefix of(int family, BigInteger network, int length) {
        int bits = family == 4 ? 32 : 128;
        return new IpPrefix(family, network.and(mask(bits, length)), length);
    }

    public static IpPrefix everything(int family) {
        return new IpPrefix(family, BigInteger.ZERO, 0);
    }

    private static BigInteger mask(int bits, int length) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
    }

    public int family() {
        return family;
    }

    public int length() {
        return length;
    }

    public int bits() {
        return family == 4 ? 32 : 128;
    }

    public int hostBits() {
        return bits() - length;
    }

    public BigInteger network() {
        return network;
    }

    /** Number of addresses in the prefix (2^hostBits). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(hostBits());
    }

    public BigInteger last() {
        return network.add(size()).subtract(BigInteger.ONE);
    }

    /** The address {@code offset} places after the network address, as a literal. */
    public String addressAt(long offset) {
        BigInteger address = network.add(BigInteger.valueOf(offset));
        if (offset < 0 || address.compareTo(last()) > 0) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return IpAddresses.format(address, family);
    }

    public boolean contains(IpPrefix other) {
        return family == other.family && length <= other.length
                && other.network.and(mask(bits(), length)).equals(network);
    }

    public boolean overlaps(IpPrefix other) {
        return contains(other) || other.contains(this);
    }

    /** The two halves of this prefix, lower first. */
    public IpPrefix[] halves() {
        if (length == bits()) {
            throw new IllegalStateException(this + " cannot be split");
        }
        BigInteger half = BigInteger.ONE.shiftLeft(hostBits() - 1);
        return new IpPrefix[] {
            new IpPrefix(family, network, length + 1),
            new IpPrefix(family, network.add(half), length + 1)
        };
    }

    /** The {@code index}-th of the 2^{@code extraBits} equal parts of this prefix. */
    public IpPrefix subPrefix(int extraBits, int index) {
        if (extraBits < 0 || length + extraBits > bits() || index < 0 || index >= (1 << extraBits)) {
            throw new IllegalArgumentException("cannot take part " + index + " of 2^" + extraBits + " of " + this);
        }
        BigInteger partSize = BigInteger.ONE.shiftLeft(hostBits() - extraBits);
        return new IpPrefix(family, network.add(partSize.multiply(BigInteger.valueOf(index))), length + extraBits);
    }

    @Override
    public int compareTo(IpPrefix o) {
        if (family != o.family) {
            return Integer.compare(family, o.family);
        }
        int byNetwork = network.compareTo(o.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(length, o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.family == family && p.length == length && p.network.equals(network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, network, length);
    }

    @Override
    public String toString() {
        return IpAddresses.format(network, family) + "/" + length;
    }
}
