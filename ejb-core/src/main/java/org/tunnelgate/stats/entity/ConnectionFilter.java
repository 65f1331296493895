package org.tunnelgate.stats.entity;

/** What a list of live sessions is narrowed to: profile, node, account name, protocol; null fields do not narrow. */
public record ConnectionFilter(String profileId, String nodeName, String accountName, String protocol) {}
