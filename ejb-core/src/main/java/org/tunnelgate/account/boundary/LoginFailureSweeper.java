package org.tunnelgate.account.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * Deletes failed-login rows that no longer count. Runs on every instance (non-persistent timer);
 * that is harmless because deleting what is already gone does nothing.
 */
@Singleton
public class LoginFailureSweeper {

    @Inject
    Accounts accounts;

    @Schedule(minute = "*/10", hour = "*", persistent = false)
    void sweep() {
        accounts.forgetOldLoginFailures();
    }
}
