/**
 * TLS contexts from PEM files: the API's (the node's certificate, trusting the callers' CA), the
 * one for calls home (trusting {@code controller.trust-ca}) and the one for enrollment (no
 * certificate of our own yet).
 */
package org.tunnelgate.agent.tls;
