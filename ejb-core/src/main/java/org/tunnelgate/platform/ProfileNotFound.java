package org.tunnelgate.platform;

/**
 * No such profile — or one the account may not use. Both read the same, so that a refused
 * account cannot learn which profiles exist (HTTP 404).
 */
public class ProfileNotFound extends NotFound {

    public ProfileNotFound(String profileId) {
        super("no such \"profile_id\"");
    }
}
