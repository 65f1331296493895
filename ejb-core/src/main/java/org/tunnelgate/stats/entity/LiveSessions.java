package org.tunnelgate.stats.entity;

/** The sessions of one protocol that are open now on one node for one profile (from the connection log). */
public record LiveSessions(String nodeName, String profileId, String protocol, long sessions) {}
