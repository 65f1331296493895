package org.tunnelgate.agent.controller;

/** No configured controller answered in time. */
public class ControllerUnreachable extends RuntimeException {

    public ControllerUnreachable(String message) {
        super(message);
    }
}
