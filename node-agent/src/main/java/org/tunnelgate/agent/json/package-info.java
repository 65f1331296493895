/**
 * The leaf every other package uses: the agent's strict JSON parser and writer, typed access to
 * parsed objects ({@link org.tunnelgate.agent.json.Fields}), and the input errors whose messages are
 * safe to show to a caller ({@link org.tunnelgate.agent.json.InvalidInput}, 400;
 * {@link org.tunnelgate.agent.json.UnknownTarget}, 404). It imports nothing of ours.
 */
package org.tunnelgate.agent.json;
