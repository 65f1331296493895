package org.tunnelgate.platform;

import jakarta.ejb.ApplicationException;

/**
 * A use case refused for a reason the caller can understand and fix. Thrown from boundaries; the
 * transaction rolls back, and the web layer maps each kind once to an HTTP status and a message
 * that is safe to show (never a stack trace).
 */
@ApplicationException(rollback = true)
public abstract class BusinessException extends RuntimeException {

    protected BusinessException(String message) {
        super(message);
    }

    /** The HTTP status this refusal means at a web edge (400, 403, 404, 409, …). */
    public abstract int httpStatus();
}
