package org.tunnelgate.platform;

/**
 * Nothing could be allocated: no node serving the profile had a free address (or none is usable)
 * for any protocol the client and profile have in common (HTTP 503).
 */
public class NoCapacity extends BusinessException {

    public NoCapacity(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
