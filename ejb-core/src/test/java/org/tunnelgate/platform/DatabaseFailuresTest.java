package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aGaleraCertificationConflictIsAConflictEvenWrappedByTheContainer() {
        var conflict = new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213);
        var wrapped = new RuntimeException("Transaction aborted", new IllegalStateException("flush", conflict));

        assertThat(DatabaseFailures.conflict(wrapped)).isTrue();
        assertThat(DatabaseFailures.rolledBack(wrapped)).isTrue();
    }

    @Test
    void aLockWaitTimeoutIsAConflict() {
        assertThat(DatabaseFailures.conflict(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isTrue();
    }

    @Test
    void aTransactionLostInAFailoverRolledBackButIsNoConflict() {
        var lost = new SQLTransientConnectionException(
                "Driver has reconnect connection after a communications failure. In progress transaction was lost", "25S03");

        assertThat(DatabaseFailures.rolledBack(lost)).isTrue();
        assertThat(DatabaseFailures.conflict(lost)).isFalse();
        assertThat(DatabaseFailures.connectionLost(lost)).isTrue();
    }

    @Test
    void aBrokenSocketAndANonPrimaryGaleraNodeAreLostConnections() {
        assertThat(DatabaseFailures.connectionLost(new SQLNonTransientConnectionException("socket closed", "08000"))).isTrue();
        assertThat(DatabaseFailures.connectionLost(
                new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047))).isTrue();
        assertThat(DatabaseFailures.rolledBack(new SQLNonTransientConnectionException("socket closed", "08000"))).isFalse();
    }

    @Test
    void aDuplicateKeyIsNeitherConflictNorConnectionLoss() {
        var duplicate = new SQLException("Duplicate entry 'x' for key 'PRIMARY'", "23000", 1062);

        assertThat(DatabaseFailures.conflict(duplicate)).isFalse();
        assertThat(DatabaseFailures.connectionLost(duplicate)).isFalse();
    }
}
