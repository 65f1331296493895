package org.tunnelgate.platform;

import jakarta.ejb.ApplicationException;

/**
 * A use case refused for a reason the caller can understand and fix. Each component throws its own
 * subclasses from its boundaries; the transaction rolls back. What a refusal means for a protocol
 * (an HTTP status, a page message) is decided at the edge, once, from its {@link Kind} — never here.
 * The message is safe to show (never a stack trace, never a secret).
 */
@ApplicationException(rollback = true)
public abstract class BusinessException extends RuntimeException {

    /** What kind of refusal this is, in the domain's words. */
    public enum Kind {
        /** The request itself is wrong: a malformed, missing or out-of-range value. */
        INVALID_INPUT,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** What the request names does not exist (or the caller may not know that it does). */
        NOT_FOUND,
        /** The request clashes with the current state, e.g. a name that is already taken. */
        CONFLICT,
        /** The caller cannot use anything that is offered (e.g. no common VPN protocol). */
        NOT_ACCEPTABLE,
        /** Nothing can be served right now (e.g. no free address); trying later may work. */
        UNAVAILABLE
    }

    private final Kind kind;

    protected BusinessException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
