/**
 * Joining a controller once: the {@code enroll} command makes the node's key pair, sends a PKCS#10
 * request (our own small DER encoder) with the one-time token, checks the answer and writes the
 * certificate, the node CA and the configuration — all or nothing.
 */
package org.tunnelgate.agent.enroll;
