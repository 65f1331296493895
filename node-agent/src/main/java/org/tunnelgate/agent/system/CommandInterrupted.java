package org.tunnelgate.agent.system;

/**
 * The thread waiting for a program was interrupted (the agent is stopping): the program was ended
 * and nothing is known of its answer. Deliberately not a {@link CommandFailed}: a caller that reads
 * "the program said no" from a failure (does this link exist?) must not read it from an interruption.
 */
public class CommandInterrupted extends RuntimeException {

    public CommandInterrupted(String message) {
        super(message);
    }
}
