package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {

    private static RuntimeException conflict() {
        return new RuntimeException("Transaction aborted",
                new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213));
    }

    @Test
    void aCallThatLostACertificationConflictRunsAgainAndItsResultIsReturned() {
        var calls = new AtomicInteger();

        String result = ConflictRetry.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw conflict();
            }
            return "issued";
        });

        assertThat(result).isEqualTo("issued");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aLostConnectionIsNotRetriedBecauseTheCommitMayHaveHappened() {
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> ConflictRetry.call(() -> {
            calls.incrementAndGet();
            throw new RuntimeException(new SQLNonTransientConnectionException("socket closed", "08000"));
        })).hasRootCauseInstanceOf(SQLNonTransientConnectionException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aConflictThatKeepsComingIsGivenUpAfterAFewAttempts() {
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> ConflictRetry.call(() -> {
            calls.incrementAndGet();
            throw conflict();
        })).hasRootCauseInstanceOf(SQLTransactionRollbackException.class);
        assertThat(calls).hasValue(ConflictRetry.MAX_ATTEMPTS);
    }

    @Test
    void aReadRunsAgainAfterTheDriverReconnectedItsConnectionToAnotherNode() {
        var calls = new AtomicInteger();

        String result = ConflictRetry.read(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new RuntimeException(new java.sql.SQLTransientConnectionException(
                        "Driver has reconnect connection after a communications link failure with 127.0.0.1:23010", "25S03"));
            }
            return "grant";
        });

        assertThat(result).isEqualTo("grant");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aReadFailingForAnotherReasonIsNotRetried() {
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> ConflictRetry.read(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad token shape");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRepeatableCallRunsAgainAfterALostConnectionButACallThatMustNotRepeatDoesNot() {
        var repeatable = new AtomicInteger();
        String login = ConflictRetry.repeatable(() -> {
            if (repeatable.incrementAndGet() < 3) { // two dead pooled connections in a row, as in the HA test
                throw new RuntimeException(new java.sql.SQLTransientConnectionException(
                        "Driver has reconnect connection after a communications link failure with 127.0.0.1:23010", "25S03"));
            }
            return "alice";
        });
        assertThat(login).isEqualTo("alice");
        assertThat(repeatable).hasValue(3);

        var once = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.call(() -> {
            once.incrementAndGet();
            throw new RuntimeException(new java.sql.SQLTransientConnectionException("lost during commit", "25S03"));
        })).hasRootCauseInstanceOf(java.sql.SQLTransientConnectionException.class);
        assertThat(once).hasValue(1);
    }
}
