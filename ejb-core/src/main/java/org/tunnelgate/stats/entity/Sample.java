package org.tunnelgate.stats.entity;

import java.time.Instant;

/** Live connections of one profile on one node at a sampling moment (every 5 minutes). */
public record Sample(Instant sampledAt, String profileId, String nodeName, int connections) {}
