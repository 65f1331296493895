package org.tunnelgate.agent.system;

/** A program exited non-zero or timed out; the message holds its stderr (never its stdin). */
public class CommandFailed extends RuntimeException {

    public CommandFailed(String message) {
        super(message);
    }
}
