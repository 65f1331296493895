package org.tunnelgate.platform;

/** The thing the request names does not exist (or the caller may not know that it does). */
public class NotFound extends BusinessException {

    public NotFound(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
