package org.tunnelgate.platform;

/** The request itself is wrong: a malformed, missing or out-of-range value. Nothing was written. */
public class InvalidInput extends BusinessException {

    public InvalidInput(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
