package org.tunnelgate.peer.entity;

import org.tunnelgate.profile.entity.Protocol;

/**
 * How full one protocol's address pool of a profile is: configurations that hold an address now,
 * and how many client addresses the nodes' shares of the profile's ranges hold together.
 */
public record PoolUse(String profileId, Protocol protocol, long used, long capacity) {

    /** From this share on the console warns that the pool is nearly exhausted. */
    public static final int WARNING_PERCENT = 80;

    public int percent() {
        return capacity == 0 ? 100 : (int) Math.min(100, used * 100 / capacity);
    }

    public boolean nearlyExhausted() {
        return percent() >= WARNING_PERCENT;
    }
}
