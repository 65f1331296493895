package org.tunnelgate.account.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down password guessing. After {@code maxPerName} failures for one account name, or
 * {@code maxPerAddress} failures from one client address, within {@code window}, further attempts
 * are refused — even with the right password — until the oldest failures leave the window. A
 * success forgets the failures of that name.
 *
 * <p>The failures live in the database ({@link FailureLog}), so every controller instance behind
 * the load balancer counts the same attempts.
 */
public class LoginThrottle {

    /** Where failed attempts are remembered. One row per failure: no shared counter row. */
    public interface FailureLog {
        long countForName(String name, Instant since);

        long countForAddress(String address, Instant since);

        void record(String name, String address, Instant at);

        void forgetName(String name);
    }

    public record Limits(int maxPerName, int maxPerAddress, Duration window) {
        public static final Limits DEFAULT = new Limits(5, 50, Duration.ofMinutes(15));
    }

    private final FailureLog log;
    private final Clock clock;
    private final Limits limits;

    public LoginThrottle(FailureLog log, Clock clock, Limits limits) {
        this.log = log;
        this.clock = clock;
        this.limits = limits;
    }

    public boolean refuses(String name, String address) {
        Instant since = clock.instant().minus(limits.window());
        return log.countForName(key(name), since) >= limits.maxPerName()
                || log.countForAddress(address, since) >= limits.maxPerAddress();
    }

    public void failed(String name, String address) {
        log.record(key(name), address, clock.instant());
    }

    public void succeeded(String name) {
        log.forgetName(key(name));
    }

    /** Names are remembered as typed, cut to the column size; unknown names count like known ones. */
    private static String key(String name) {
        String n = name == null ? "" : name;
        return n.length() > 64 ? n.substring(0, 64) : n;
    }
}
