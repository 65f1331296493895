package org.tunnelgate.node.entity;

import java.time.Instant;

/**
 * What reconciliation found different on a node and repaired by re-sending its desired state: when,
 * under which fencing token (which scheduler run), how many peers were missing and how many were
 * there that the database does not know.
 */
public record NodeRepair(Instant at, long fencingToken, int peersAdded, int peersRemoved, String detail) {}
