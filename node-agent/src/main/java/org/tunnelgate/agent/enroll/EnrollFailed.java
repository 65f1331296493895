package org.tunnelgate.agent.enroll;

/** Enrollment did not work; the message is one line for the operator (never the token or a key). */
public class EnrollFailed extends RuntimeException {

    public EnrollFailed(String message) {
        super(message);
    }
}
