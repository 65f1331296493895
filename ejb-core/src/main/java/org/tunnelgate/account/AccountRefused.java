package org.tunnelgate.account;

import org.tunnelgate.platform.BusinessException;

/** An account operation refused: bad name or password, a name taken, no such account, not an admin. */
public class AccountRefused extends BusinessException {

    private AccountRefused(Kind kind, String message) {
        super(kind, message);
    }

    public static AccountRefused invalid(String message) {
        return new AccountRefused(Kind.INVALID_INPUT, message);
    }

    public static AccountRefused conflict(String message) {
        return new AccountRefused(Kind.CONFLICT, message);
    }

    public static AccountRefused notFound(String message) {
        return new AccountRefused(Kind.NOT_FOUND, message);
    }

    public static AccountRefused forbidden(String message) {
        return new AccountRefused(Kind.FORBIDDEN, message);
    }
}
