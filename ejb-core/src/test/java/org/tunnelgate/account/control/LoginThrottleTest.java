package org.tunnelgate.account.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.testsupport.MutableClock;

class LoginThrottleTest {

    /** The failure log as lists, standing in for the login_failure and login_known_address tables. */
    static final class ListFailureLog implements LoginThrottle.FailureLog {
        record Failure(String name, String address, Instant at) {}

        final List<Failure> failures = new ArrayList<>();
        final java.util.Set<String> known = new java.util.HashSet<>();

        @Override
        public long countForNameAndAddress(String name, String address, Instant since) {
            return failures.stream().filter(f -> f.name().equals(name) && f.address().equals(address)
                    && f.at().isAfter(since)).count();
        }

        @Override
        public long countForName(String name, Instant since) {
            return failures.stream().filter(f -> f.name().equals(name) && f.at().isAfter(since)).count();
        }

        @Override
        public java.util.Optional<Instant> lastFailureForName(String name) {
            return failures.stream().filter(f -> f.name().equals(name)).map(Failure::at).max(Instant::compareTo);
        }

        @Override
        public long countForAddress(String address, Instant since) {
            return failures.stream().filter(f -> f.address().equals(address) && f.at().isAfter(since)).count();
        }

        @Override
        public boolean isKnownAddress(String name, String address) {
            return known.contains(name + " " + address);
        }

        @Override
        public void record(String name, String address, Instant at) {
            failures.add(new Failure(name, address, at));
        }

        @Override
        public void succeeded(String name, String address, Instant at) {
            failures.removeIf(f -> f.name().equals(name) && f.address().equals(address));
            known.add(name + " " + address);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final ListFailureLog log = new ListFailureLog();
    private final LoginThrottle throttle = new LoginThrottle(log, clock,
            new LoginThrottle.Limits(5, 20, 10, Duration.ofMinutes(1), Duration.ofMinutes(15)));

    @Test
    void fourFailuresStillLeaveTheNameOpen() {
        fail("alice", "192.0.2.1", 4);

        assertThat(throttle.refuses("alice", "192.0.2.1")).isFalse();
    }

    @Test
    void theFifthFailureFromOneAddressClosesTheNameForThatAddressOnly() {
        fail("alice", "192.0.2.1", 5);

        assertThat(throttle.refuses("alice", "192.0.2.1")).isTrue();
        assertThat(throttle.refuses("alice", "198.51.100.7")).as("the owner elsewhere").isFalse();
        assertThat(throttle.refuses("bob", "192.0.2.1")).as("other names stay open").isFalse();
    }

    @Test
    void theNameOpensAgainOnceTheFailuresLeaveTheWindow() {
        fail("alice", "192.0.2.1", 5);
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.refuses("alice", "192.0.2.1")).isTrue();

        clock.advance(Duration.ofMinutes(1));

        assertThat(throttle.refuses("alice", "192.0.2.1")).isFalse();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverClose() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "192.0.2.1");
            clock.advance(Duration.ofMinutes(4));
        }

        assertThat(throttle.refuses("alice", "192.0.2.1")).isFalse();
    }

    @Test
    void oneAddressTryingManyNamesIsClosedForAllNames() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "203.0.113.9");
        }

        assertThat(throttle.refuses("somebody-new", "203.0.113.9")).isTrue();
        assertThat(throttle.refuses("somebody-new", "192.0.2.1")).isFalse();
    }

    @Test
    void guessesFromManyAddressesMeetAProgressiveDelayForTheName() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "203.0.113." + i);
        }
        assertThat(throttle.refuses("alice", "198.51.100.1")).as("within the free failures").isFalse();

        throttle.failed("alice", "203.0.113.50"); // the 11th: 1 s to wait
        assertThat(throttle.refuses("alice", "198.51.100.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.refuses("alice", "198.51.100.1")).isFalse();

        fail("alice", "203.0.113.51", 3); // the 14th: 8 s
        clock.advance(Duration.ofSeconds(7));
        assertThat(throttle.refuses("alice", "198.51.100.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.refuses("alice", "198.51.100.1")).isFalse();
    }

    @Test
    void theDelayIsCappedAndAnAddressTheOwnerLoggedInFromNeverWaits() {
        throttle.succeeded("alice", "192.0.2.1");
        for (int i = 0; i < 40; i++) {
            throttle.failed("alice", "203.0.113." + i);
        }

        assertThat(throttle.delayAfter(30)).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.refuses("alice", "198.51.100.1")).as("a stranger's address").isTrue();
        assertThat(throttle.refuses("alice", "192.0.2.1")).as("the owner's usual address").isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.refuses("alice", "198.51.100.1")).isFalse();
    }

    @Test
    void aSuccessfulLoginForgetsThatNamesFailuresFromThatAddress() {
        fail("alice", "192.0.2.1", 4);

        throttle.succeeded("alice", "192.0.2.1");
        fail("alice", "192.0.2.1", 4);

        assertThat(throttle.refuses("alice", "192.0.2.1")).isFalse();
    }

    @Test
    void overlongNamesAreCountedUnderTheirFirst64Characters() {
        String longName = "a".repeat(64);
        fail(longName + "tail-one", "192.0.2.1", 3);
        fail(longName + "tail-two", "192.0.2.1", 2);

        assertThat(throttle.refuses(longName + "anything", "192.0.2.1")).isTrue();
    }

    private void fail(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, address);
        }
    }
}
