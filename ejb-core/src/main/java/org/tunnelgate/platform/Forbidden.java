package org.tunnelgate.platform;

/** The caller is known but may not do this. */
public class Forbidden extends BusinessException {

    public Forbidden(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
