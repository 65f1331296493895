package org.tunnelgate.agent.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.system.Wait;

class ReportQueueTest {

    @Test
    void failed_deliveries_are_retried_and_reports_keep_their_order() {
        var delivered = new CopyOnWriteArrayList<String>();
        var attempts = new AtomicInteger();
        try (var queue = new ReportQueue((path, body) -> {
            if (attempts.incrementAndGet() <= 2) return false; // the controller is away for two tries
            delivered.add(body);
            return true;
        }, 100)) {
            queue.add("openvpn/connected", "first");
            queue.add("openvpn/disconnected", "second");

            assertThat(Wait.until(Duration.ofSeconds(10), () -> delivered.size() == 2)).isTrue();
            assertThat(delivered).containsExactly("first", "second");
            assertThat(queue.size()).isZero();
        }
    }

    @Test
    void undelivered_reports_survive_a_restart_in_the_spool_file(@TempDir Path dir) {
        Path spool = dir.resolve("reports.jsonl");
        try (var before = new ReportQueue((path, body) -> false, 100, Optional.of(spool))) {
            before.add("openvpn/connected", "{\"common_name\":\"alice\"}");
            before.add("openvpn/disconnected", "{\"common_name\":\"alice\",\"bytes_in\":7}");
        }
        var delivered = new CopyOnWriteArrayList<String>();

        try (var after = new ReportQueue((path, body) -> delivered.add(path + " " + body), 100, Optional.of(spool))) {
            assertThat(Wait.until(Duration.ofSeconds(10), () -> delivered.size() == 2)).isTrue();
            assertThat(delivered).containsExactly("openvpn/connected {\"common_name\":\"alice\"}",
                    "openvpn/disconnected {\"common_name\":\"alice\",\"bytes_in\":7}");
            assertThat(Wait.until(Duration.ofSeconds(5), () -> !Files.exists(spool))).as("spool emptied").isTrue();
        }
    }

    @Test
    void a_full_queue_drops_the_oldest_report() {
        try (var queue = new ReportQueue((path, body) -> false, 3)) {
            for (String body : List.of("1", "2", "3", "4", "5")) {
                queue.add("openvpn/connected", body);
            }

            assertThat(queue.size()).isEqualTo(3);
        }
    }

    @Test
    void the_pause_between_tries_grows_with_jitter_up_to_a_minute() {
        assertThat(ReportQueue.pause(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(ReportQueue.pause(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(ReportQueue.pause(50)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
