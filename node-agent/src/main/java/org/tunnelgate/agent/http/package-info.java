/**
 * The API: a JDK HttpsServer with mutual TLS, one route per path mapping failures to status codes
 * once, and the endpoints — status, metrics, desired state, peers, OpenVPN clients.
 */
package org.tunnelgate.agent.http;
