package org.tunnelgate.node;

import org.tunnelgate.platform.BusinessException;

/**
 * An enrollment token that is unknown, used or expired: the same answer for all three, so a guesser
 * learns nothing. Nothing was written.
 */
public class EnrollmentRefused extends BusinessException {

    public EnrollmentRefused() {
        super(Kind.FORBIDDEN, "the enrollment token is unknown, used or expired; ask for a new one");
    }
}
