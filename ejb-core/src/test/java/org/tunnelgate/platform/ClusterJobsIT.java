package org.tunnelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tunnelgate.testsupport.JpaDatabase;

/**
 * The cluster's scheduled jobs on a real MariaDB: every period runs exactly once in total however
 * many instances tick, the job stays with its holder, and moves to a survivor when the holder stops
 * (its lease runs out), under a higher fencing token.
 */
class ClusterJobsIT {

    static final Duration PERIOD = Duration.ofSeconds(3);
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Instant START = Instant.parse("2026-12-02T12:00:00Z");

    JpaDatabase db = new JpaDatabase();

    @AfterEach
    void close() {
        db.close();
    }

    Optional<ClusterJobs.Run> claim(String instance, Instant now) {
        return ClusterJobs.claim(db.database.dataSource(), "node-health", instance, PERIOD, LEASE, now);
    }

    @Test
    void threeTickingInstancesRunEachPeriodOnceAndTheJobMovesWhenItsHolderDies() {
        Map<Instant, String> ranBy = new LinkedHashMap<>();
        Map<Instant, Long> tokens = new LinkedHashMap<>();
        List<String> alive = new ArrayList<>(List.of("a", "b", "c"));
        Instant killedAt = START.plusSeconds(60);
        String killed = null;
        for (Instant now = START; now.isBefore(START.plusSeconds(120)); now = now.plusMillis(500)) {
            if (killed == null && !now.isBefore(killedAt)) {
                killed = ranBy.values().iterator().next(); // the holder stops ticking: its instance died
                alive.remove(killed);
            }
            for (String instance : alive) {
                Optional<ClusterJobs.Run> run = claim(instance, now);
                if (run.isPresent()) {
                    assertThat(ranBy.put(run.get().periodStart(), instance)).as("period %s ran twice", run.get().periodStart()).isNull();
                    tokens.put(run.get().periodStart(), run.get().fencingToken());
                }
            }
        }
        // before the death: one holder, one token, every one of the 20 periods
        String first = ranBy.values().iterator().next();
        assertThat(ranBy.entrySet().stream().filter(e -> e.getKey().isBefore(killedAt)).map(Map.Entry::getValue).distinct())
                .containsExactly(first);
        assertThat(ranBy.keySet().stream().filter(p -> p.isBefore(killedAt)).count()).isEqualTo(20);
        // after: a survivor with a higher fencing token, from at most one lease after the death on
        List<Map.Entry<Instant, String>> after = ranBy.entrySet().stream().filter(e -> !e.getKey().isBefore(killedAt)).toList();
        assertThat(after).isNotEmpty();
        assertThat(after.get(0).getValue()).isNotEqualTo(first);
        assertThat(after.get(0).getKey()).isBefore(killedAt.plus(LEASE).plus(PERIOD));
        assertThat(tokens.get(after.get(0).getKey())).isGreaterThan(tokens.get(START));
        Instant resumed = after.get(0).getKey();
        assertThat(after).as("every period from the takeover on").hasSize(
                (int) Duration.between(resumed, START.plusSeconds(120)).dividedBy(PERIOD));
        assertThat(db.count("SELECT COUNT(*) FROM job_run")).isEqualTo(ranBy.size());
    }

    @Test
    void instancesClaimingTheSamePeriodAtTheSameMomentRunItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int period = 0; period < 10; period++) {
                Instant now = START.plus(LEASE.multipliedBy(2 * period)); // every lease has run out: a free-for-all
                List<Future<Optional<ClusterJobs.Run>>> claims = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String instance = "i" + i;
                    claims.add(pool.submit((Callable<Optional<ClusterJobs.Run>>) () -> claim(instance, now)));
                }
                int runs = 0;
                for (Future<Optional<ClusterJobs.Run>> c : claims) {
                    runs += c.get().isPresent() ? 1 : 0;
                }
                assertThat(runs).as("runs of the period at %s", now).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(db.count("SELECT COUNT(*) FROM job_run")).isEqualTo(10);
    }

    @Test
    void heartbeatsNameTheLiveInstancesAndOldRecordsAreForgotten() {
        ClusterJobs.heartbeat(db.database.dataSource(), "a", "host-a", START, START);
        ClusterJobs.heartbeat(db.database.dataSource(), "a", "host-a", START, START.plusSeconds(5));
        ClusterJobs.heartbeat(db.database.dataSource(), "b", "host-b", START, START);
        claim("a", START);
        assertThat(db.count("SELECT COUNT(*) FROM controller_instance WHERE heartbeat_at = '2026-12-02 12:00:05'")).isEqualTo(1);
        assertThat(ClusterJobs.prune(db.database.dataSource(), Duration.ofDays(1), START.plus(Duration.ofDays(2)))).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM controller_instance")).isZero();
    }
}
