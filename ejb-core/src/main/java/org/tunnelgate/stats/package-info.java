/**
 * Statistics and the connection log: who had which VPN address through which node, when, from where
 * and how much went through.
 */
package org.tunnelgate.stats;
