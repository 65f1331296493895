package org.tunnelgate.account.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing without letting a stranger lock anybody out (issue 7, gap 8: five
 * wrong passwords from anywhere used to lock any account, the admin's included, for 15 minutes).
 *
 * <ul>
 *   <li><b>Per name and address:</b> after {@code maxPerNameAndAddress} failures for one name from
 *       one client address within {@code window}, that address may not try that name again until the
 *       failures leave the window — even with the right password. A stranger locks out only
 *       themselves.</li>
 *   <li><b>Per address:</b> after {@code maxPerAddress} failures from one address (any names), the
 *       address is refused altogether: one machine spraying many names.</li>
 *   <li><b>Per name, everywhere — a progressive delay:</b> once a name has more than
 *       {@code freeFailuresPerName} failures within the window from all addresses together (a
 *       guesser with many addresses), each further attempt for the name must wait 1, 2, 4, … s (at
 *       most {@code maxDelay}) after the name's last failure, or it is refused unchecked. Refused
 *       attempts are not failures, so the delay does not grow by itself. The delay does not apply
 *       to addresses the name has logged in from successfully before ({@link FailureLog#isKnownAddress}):
 *       the owner at their usual place is never held up by somebody else's guessing.</li>
 * </ul>
 * A success forgets the name's failures from that address and remembers the address. Everything lives in the
 * database ({@link FailureLog}), so all controller instances count the same attempts.
 */
public class LoginThrottle {

    /** Where failed attempts are remembered. One row per failure: no shared counter row. */
    public interface FailureLog {
        long countForNameAndAddress(String name, String address, Instant since);

        long countForName(String name, Instant since);

        Optional<Instant> lastFailureForName(String name);

        long countForAddress(String address, Instant since);

        /** Whether the name has logged in successfully from this address before. */
        boolean isKnownAddress(String name, String address);

        void record(String name, String address, Instant at);

        /**
         * Forgets the name's failures from this address (not the others': the owner's success at home
         * must not reset the brake on a guesser elsewhere) and remembers the address.
         */
        void succeeded(String name, String address, Instant at);
    }

    /**
     * @param maxPerNameAndAddress failures of one name from one address that close that pair
     * @param maxPerAddress        failures from one address (any names) that close the address
     * @param freeFailuresPerName  failures of one name from everywhere before the delay starts
     * @param maxDelay             the longest delay between two attempts for one name
     * @param window               how long a failure counts
     */
    public record Limits(int maxPerNameAndAddress, int maxPerAddress, int freeFailuresPerName, Duration maxDelay,
                         Duration window) {
        public static final Limits DEFAULT = new Limits(5, 50, 10, Duration.ofMinutes(1), Duration.ofMinutes(15));
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
        String key = key(name);
        Instant now = clock.instant();
        Instant since = now.minus(limits.window());
        if (log.countForNameAndAddress(key, address, since) >= limits.maxPerNameAndAddress()
                || log.countForAddress(address, since) >= limits.maxPerAddress()) {
            return true;
        }
        long everywhere = log.countForName(key, since);
        if (everywhere <= limits.freeFailuresPerName() || log.isKnownAddress(key, address)) {
            return false;
        }
        Duration delay = delayAfter(everywhere - limits.freeFailuresPerName());
        return log.lastFailureForName(key).map(last -> now.isBefore(last.plus(delay))).orElse(false);
    }

    /** 1 s after the first failure beyond the free ones, doubling with each further one, at most maxDelay. */
    Duration delayAfter(long failuresBeyondFree) {
        long seconds = 1L << Math.min(failuresBeyondFree - 1, 20);
        Duration delay = Duration.ofSeconds(seconds);
        return delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay;
    }

    public void failed(String name, String address) {
        log.record(key(name), address, clock.instant());
    }

    public void succeeded(String name, String address) {
        log.succeeded(key(name), address, clock.instant());
    }

    /** Names are remembered as typed, cut to the column size; unknown names count like known ones. */
    private static String key(String name) {
        String n = name == null ? "" : name;
        return n.length() > 64 ? n.substring(0, 64) : n;
    }
}
