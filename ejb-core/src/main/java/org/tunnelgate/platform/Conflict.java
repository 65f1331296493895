package org.tunnelgate.platform;

/** The request clashes with the current state, e.g. a name that is already taken. */
public class Conflict extends BusinessException {

    public Conflict(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
