package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerCountsTest {

    final Map<String, Long> database = new HashMap<>(Map.of("a", 10L, "b", 3L));
    final AtomicInteger readings = new AtomicInteger();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final PeerCounts counts = new PeerCounts(() -> {
        readings.incrementAndGet();
        return Map.copyOf(database);
    }, now::get);

    @Test
    void readsTheDatabaseOncePerPeriodAndGivesZeroForANodeWithoutPeers() {
        assertThat(counts.of(List.of("a", "b", "c"))).isEqualTo(Map.of("a", 10L, "b", 3L, "c", 0L));
        database.put("b", 50L);
        now.addAndGet(PeerCounts.MAX_AGE.toNanos() - 1);
        assertThat(counts.of(List.of("b"))).as("within the period: the last reading").isEqualTo(Map.of("b", 3L));
        assertThat(readings).hasValue(1);

        now.addAndGet(1);
        assertThat(counts.of(List.of("b"))).as("after the period: read again").isEqualTo(Map.of("b", 50L));
        assertThat(readings).hasValue(2);
    }

    @Test
    void placementsOfThisInstanceCountAtOnceUntilTheNextReadingReplacesThem() {
        counts.of(List.of("a"));
        counts.placed("b");
        counts.placed("b");
        counts.placed("c");
        assertThat(counts.of(List.of("a", "b", "c"))).isEqualTo(Map.of("a", 10L, "b", 5L, "c", 1L));

        database.put("b", 4L); // another instance placed one, and this one's two are committed: the database knows best
        now.addAndGet(PeerCounts.MAX_AGE.toNanos());
        assertThat(counts.of(List.of("b", "c"))).isEqualTo(Map.of("b", 4L, "c", 0L));
    }

    @Test
    void manyRankingsAtOnceShareOneReading() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 64; i++) {
            pool.submit(() -> {
                start.await();
                return counts.of(List.of("a"));
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readings).hasValue(1);
    }
}
