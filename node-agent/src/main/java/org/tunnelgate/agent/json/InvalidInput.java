package org.tunnelgate.agent.json;

/** Input from the network or a file that the agent refuses; the message is safe to show to the caller. */
public class InvalidInput extends RuntimeException {

    public InvalidInput(String message) {
        super(message);
    }
}
