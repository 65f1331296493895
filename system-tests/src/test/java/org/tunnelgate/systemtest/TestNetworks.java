package org.tunnelgate.systemtest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Address ranges and ports for the profiles system tests create on the local node, each from its
 * own slot: profiles sharing a node must not overlap in ranges or ports, so two tests that drew
 * the same random number used to refuse each other's profile. Slot {@code n} owns
 * {@code 10.251.n.0/24}, {@code fd51:n::/64} (n in hex) and UDP port {@code 52000 + n}; no other test
 * uses these.
 */
public final class TestNetworks {

    private static final int SLOTS = 250;
    /** Starts anywhere, so a second run against the same database rarely meets the first one's profiles. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SLOTS));

    private final int slot;

    private TestNetworks(int slot) {
        this.slot = slot;
    }

    /** The next slot of this test run (1–250); no two calls in one run share one. */
    public static TestNetworks next() {
        return new TestNetworks(1 + Math.floorMod(NEXT.getAndIncrement(), SLOTS));
    }

    /** {@code 10.251.n.0/<prefixLength>}. */
    public String ipv4(int prefixLength) {
        return "10.251." + slot + ".0/" + prefixLength;
    }

    /** {@code fd51:n::/<prefixLength>}. */
    public String ipv6(int prefixLength) {
        return "fd51:" + Integer.toHexString(slot) + "::/" + prefixLength;
    }

    public int wireGuardPort() {
        return 52000 + slot;
    }
}
