package org.tunnelgate.peer.control;

import java.util.BitSet;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.tunnelgate.profile.entity.IpPrefix;

/**
 * The client addresses of one node's share of a profile's WireGuard ranges, numbered by their
 * offset ("host") from the network address. Host 0 is the network, host 1 the node's own
 * interface, the last host the IPv4 broadcast: clients get 2 … size−2. A client's IPv6 address is
 * at the same offset in the IPv6 share, so one number identifies both.
 *
 * <p>Candidates are picked at random rather than lowest-first: two controller instances
 * allocating at the same moment then rarely want the same address, and when they do the unique key
 * decides and the loser simply picks again.
 */
public final class AddressPool {

    private final IpPrefix ipv4;
    private final IpPrefix ipv6;
    private final long size;

    public AddressPool(IpPrefix ipv4, IpPrefix ipv6) {
        if (ipv4.hostBits() < 2 || ipv4.hostBits() > 30 || ipv6.hostBits() < ipv4.hostBits()) {
            throw new IllegalArgumentException("unusable WireGuard share " + ipv4 + " / " + ipv6);
        }
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.size = 1L << ipv4.hostBits();
    }

    public long firstHost() {
        return 2;
    }

    public long lastHost() {
        return size - 2;
    }

    /** How many clients fit (2^hostBits − 3, as in eduVPN). */
    public long capacity() {
        return size - 3;
    }

    public long randomHost(RandomGenerator random) {
        return random.nextLong(firstHost(), lastHost() + 1);
    }

    /**
     * A free host, starting the search at a random place and wrapping around; empty when every
     * client address is in {@code used}.
     */
    public OptionalLong freeHost(BitSet used, RandomGenerator random) {
        int start = (int) randomHost(random);
        int candidate = used.nextClearBit(start);
        if (candidate > lastHost()) {
            candidate = used.nextClearBit((int) firstHost());
            if (candidate >= start) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(candidate);
    }

    public String ipv4(long host) {
        return ipv4.addressAt(host);
    }

    public String ipv6(long host) {
        return ipv6.addressAt(host);
    }

    public IpPrefix ipv4Range() {
        return ipv4;
    }

    public IpPrefix ipv6Range() {
        return ipv6;
    }
}
