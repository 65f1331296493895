package org.tunnelgate.profile;

import org.tunnelgate.platform.BusinessException;

/**
 * No such profile — or one the account may not use. Both read the same, so that a refused account
 * cannot learn which profiles exist.
 */
public class ProfileNotFound extends BusinessException {

    public ProfileNotFound() {
        super(Kind.NOT_FOUND, "no such \"profile_id\"");
    }
}
