package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.testsupport.MariaDbServer;

/** The readiness check's write probe against a real MariaDB whose writes can be blocked. */
class WriteProbeIT {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private MariaDbServer.Database db;
    private WriteProbe probe;

    @BeforeEach
    void migrated() {
        db = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(db.dataSource());
        probe = new WriteProbe(db.dataSource(), executor, "i1@test", "1.2.3", Instant.parse("2026-12-02T19:00:00Z"));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aDatabaseThatTakesWritesPassesAndTheProbeRowSaysWhen() throws SQLException {
        Instant now = Instant.parse("2026-12-02T20:00:00Z");

        assertThat(probe.failure(now)).isEmpty();
        assertThat(probe.failure(now.plusSeconds(1))).isEmpty();

        try (var c = db.connect(); var r = c.createStatement().executeQuery(
                "SELECT instance_name, probed_at, version FROM cluster_write_probe")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("i1@test");
            assertThat(r.getTimestamp(2).toLocalDateTime()).isEqualTo("2026-12-02T20:00:01");
            assertThat(r.getString(3)).isEqualTo("1.2.3");
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void theClusterPageListsAnInstanceAsReadyWhileItsProbesKeepSucceeding() {
        Instant now = Instant.parse("2026-12-02T20:00:00Z");
        assertThat(probe.failure(now)).isEmpty();

        assertThat(ClusterState.instances(db.dataSource(), now.plusSeconds(1))).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("i1@test");
            assertThat(i.version()).isEqualTo("1.2.3");
            assertThat(i.startedAt()).isEqualTo("2026-12-02T19:00:00Z");
            assertThat(i.lastWrite()).isEqualTo(now);
            assertThat(i.ready()).isTrue();
        });
        assertThat(ClusterState.instances(db.dataSource(), now.plus(ClusterState.READY_WITHIN).plusSeconds(1)))
                .singleElement().satisfies(i -> assertThat(i.ready()).isFalse());
    }

    @Test
    void theClusterPageNamesTheHolderOfEachClusterWideJob() throws SQLException {
        Instant now = Instant.parse("2026-12-02T20:00:00Z");
        ClusterJobs.heartbeat(db.dataSource(), "id-of-i2", "vm/i2", now.minusSeconds(60), now);
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("INSERT INTO job_lease (job, holder, fencing_token, lease_until)"
                    + " VALUES ('node-health', 'id-of-i2', 3, '2026-12-02 20:00:15')");
        }
        var state = new ClusterState();
        state.dataSource = db.dataSource();

        assertThat(state.controllers()).singleElement().satisfies(controller -> {
            assertThat(controller.host()).isEqualTo("vm/i2");
            assertThat(controller.heartbeat()).isEqualTo(now);
        });
        assertThat(state.jobs()).singleElement().satisfies(job -> {
            assertThat(job.name()).isEqualTo("node-health");
            assertThat(job.holderHost()).isEqualTo("vm/i2");
            assertThat(job.fencingToken()).isEqualTo(3);
            assertThat(job.leaseUntil()).isEqualTo("2026-12-02T20:00:15Z");
        });
    }

    @Test
    void aWriteThatCannotCommitMakesTheProbeFailWithinItsTimeoutAndItRecoversAfterwards() throws Exception {
        assertThat(probe.failure(Instant.now())).isEmpty();
        try (var blocker = db.connect()) {
            // another transaction holds the probe row, as a stalled cluster holds every write
            blocker.setAutoCommit(false);
            blocker.createStatement().executeQuery("SELECT * FROM cluster_write_probe FOR UPDATE").close();

            long started = System.nanoTime();
            var failure = probe.failure(Instant.now());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failure).hasValueSatisfying(reason -> assertThat(reason).contains("did not finish within"));
            assertThat(took).isLessThan(WriteProbe.TIMEOUT.plusSeconds(2));
            // while that write is still stuck, the next check says so instead of piling up another
            assertThat(probe.failure(Instant.now())).hasValueSatisfying(reason -> assertThat(reason).contains("has not finished"));
            blocker.rollback();
        }
        Thread.sleep(1500); // the stuck write finishes once the lock is gone

        assertThat(probe.failure(Instant.now())).isEmpty();
    }

    @Test
    void aDatabaseThatRefusesWritesFailsTheProbeWithTheReason() throws SQLException {
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("DROP TABLE cluster_write_probe"); // stands in for a node that refuses every write
        }

        assertThat(probe.failure(Instant.now())).hasValueSatisfying(reason -> assertThat(reason).contains("failed"));
    }
}
