package org.tunnelgate.node.entity;

import java.time.Instant;

/**
 * A node's health as the last probe saw it: {@code up}, {@code down} (with why) or
 * {@code maintenance} (drained: no new sessions, existing ones stay), since when, checked when.
 * {@code unknown} before the first probe, and for nodes the controller does not manage.
 */
public record NodeHealth(String state, String reason, Instant since, Instant checkedAt) {

    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String MAINTENANCE = "maintenance";
    public static final String UNKNOWN = "unknown";

    public static NodeHealth unknown() {
        return new NodeHealth(UNKNOWN, null, null, null);
    }

    public boolean isUp() {
        return UP.equals(state);
    }
}
