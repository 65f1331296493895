package org.tunnelgate.stats.entity;

import java.time.Instant;

/** One VPN session of the connection log; {@code disconnectedAt} null while it lasts. */
public record LoggedConnection(long id, long configurationId, long accountId, String accountName, String profileId,
                         String nodeName, String protocol, String ipv4, String ipv6, String origin,
                         Instant connectedAt, Instant disconnectedAt, long bytesIn, long bytesOut) {}
