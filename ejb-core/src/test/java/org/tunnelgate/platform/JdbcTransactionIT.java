package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.testsupport.MariaDbServer;

/** What a Galera cluster and a failing-over connection do to a transaction, against a real MariaDB. */
class JdbcTransactionIT {

    private MariaDbServer.Database db;

    @BeforeEach
    void table() throws SQLException {
        db = MariaDbServer.shared().freshDatabase();
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            s.execute("INSERT INTO item VALUES (1, 0), (2, 0)");
        }
    }

    @Test
    void workWhoseConnectionDiesBeforeTheCommitRunsAgainOnAFreshConnectionAndCommitsOnce() throws SQLException {
        var attempts = new AtomicInteger();

        JdbcTransaction.run(db.dataSource(), c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE item SET n = n + 1 WHERE id = 1");
                if (attempts.incrementAndGet() == 1) {
                    killFromOutside(c); // the database node "dies" mid-transaction
                }
                s.executeUpdate("UPDATE item SET n = n + 10 WHERE id = 2");
            }
            return null;
        });

        assertThat(attempts).hasValue(2);
        assertThat(value(1)).isEqualTo(1); // the first attempt's update was rolled back with its connection
        assertThat(value(2)).isEqualTo(10);
    }

    @Test
    void whenTheConnectionBreaksDuringTheCommitTheWorkIsNeverRunAgain() throws SQLException {
        var attempts = new AtomicInteger();
        DataSource answerLostAfterCommit = commitThenLoseTheConnection(db.dataSource());

        assertThatThrownBy(() -> JdbcTransaction.run(answerLostAfterCommit, c -> {
            attempts.incrementAndGet();
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE item SET n = n + 1 WHERE id = 1");
            }
            return null;
        })).isInstanceOf(JdbcTransaction.CommitOutcomeUnknown.class);

        assertThat(attempts).hasValue(1);
        assertThat(value(1)).isEqualTo(1); // committed once, not twice
    }

    @Test
    void aReadWhoseConnectionDiesIsReadAgainOnAFreshConnection() throws SQLException {
        var attempts = new AtomicInteger();

        int n = JdbcTransaction.read(db.dataSource(), c -> {
            if (attempts.incrementAndGet() == 1) {
                killFromOutside(c);
            }
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT n FROM item WHERE id = 1")) {
                r.next();
                return r.getInt(1);
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(n).isZero();
    }

    @Test
    void aReadSeesWhatOthersCommittedAndHoldsNoTransactionOpen() throws SQLException {
        boolean inTransaction = JdbcTransaction.read(db.dataSource(), c -> {
            try (var other = db.connect(); var s = other.createStatement()) {
                s.executeUpdate("UPDATE item SET n = 5 WHERE id = 1"); // auto-commit: committed at once
            }
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT n FROM item WHERE id = 1")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(5);
            }
            return !c.getAutoCommit();
        });

        assertThat(inTransaction).isFalse();
    }

    @Test
    void twoTransactionsThatDeadlockBothCommitInTheEnd() throws Exception {
        var bothLockedTheirFirstRow = new CountDownLatch(2);
        var attempts = new AtomicInteger();
        DataSource dataSource = db.dataSource();

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> addInOrder(dataSource, 1, 2, bothLockedTheirFirstRow, attempts));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> addInOrder(dataSource, 2, 1, bothLockedTheirFirstRow, attempts));
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

        assertThat(value(1)).isEqualTo(2);
        assertThat(value(2)).isEqualTo(2);
        assertThat(attempts.get()).as("one of them lost the deadlock and ran again").isGreaterThan(2);
    }

    private static void addInOrder(DataSource dataSource, int firstId, int secondId, CountDownLatch latch, AtomicInteger attempts) {
        JdbcTransaction.run(dataSource, c -> {
            attempts.incrementAndGet();
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE item SET n = n + 1 WHERE id = " + firstId);
                if (latch.getCount() > 0) {
                    latch.countDown();
                    try {
                        latch.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                s.executeUpdate("UPDATE item SET n = n + 1 WHERE id = " + secondId);
            }
            return null;
        });
    }

    private void killFromOutside(Connection victim) throws SQLException {
        long id;
        try (var s = victim.createStatement(); var r = s.executeQuery("SELECT CONNECTION_ID()")) {
            r.next();
            id = r.getLong(1);
        }
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("KILL CONNECTION " + id);
        }
    }

    private int value(int id) throws SQLException {
        try (var c = db.connect(); var s = c.createStatement(); var r = s.executeQuery("SELECT n FROM item WHERE id = " + id)) {
            r.next();
            return r.getInt(1);
        }
    }

    /**
     * A data source whose connections really commit and then report a broken connection — the
     * node died after it committed but before its answer arrived.
     */
    private static DataSource commitThenLoseTheConnection(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(JdbcTransactionIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return invoke(real, method, args);
                    }
                    Connection connection = (Connection) invoke(real, method, args);
                    return Proxy.newProxyInstance(JdbcTransactionIT.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                Object result = invoke(connection, m, a);
                                if (m.getName().equals("commit")) {
                                    throw lostAnswer();
                                }
                                if (m.getName().equals("createStatement")) { // a COMMIT statement loses its answer too
                                    Statement statement = (Statement) result;
                                    return Proxy.newProxyInstance(JdbcTransactionIT.class.getClassLoader(), new Class<?>[] {Statement.class},
                                            (sp, sm, sa) -> {
                                                Object answer = invoke(statement, sm, sa);
                                                if (sm.getName().equals("execute") && "COMMIT".equalsIgnoreCase(String.valueOf(sa[0]).trim())) {
                                                    throw lostAnswer();
                                                }
                                                return answer;
                                            });
                                }
                                return result;
                            });
                });
    }

    private static SQLException lostAnswer() {
        return new SQLNonTransientConnectionException("socket closed while reading the answer", "08000");
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
