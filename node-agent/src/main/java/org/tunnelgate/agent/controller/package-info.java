/**
 * Calls home: asking the controller whether an OpenVPN client may connect, and reporting connects
 * and disconnects with byte counts. {@link org.tunnelgate.agent.controller.Controller} is the port;
 * {@link org.tunnelgate.agent.controller.HttpsController} calls {@code controller.urls} over mutual
 * TLS, the controller's certificate checked against {@code controller.trust-ca}. A controller that
 * does not answer never takes a tunnel down: reports wait in a queue and are retried with
 * jittered backoff.
 */
package org.tunnelgate.agent.controller;
