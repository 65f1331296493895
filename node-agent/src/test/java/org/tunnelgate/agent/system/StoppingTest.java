package org.tunnelgate.agent.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StoppingTest {

    @Test
    void work_already_running_finishes_uninterrupted_and_queued_work_still_runs() throws Exception {
        var pool = Executors.newSingleThreadExecutor();
        var started = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        var finished = new AtomicBoolean();
        var queuedRan = new AtomicBoolean();
        pool.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(300);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        pool.execute(() -> queuedRan.set(true));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        Stopping.drain(pool);

        assertThat(interrupted).isFalse();
        assertThat(finished).isTrue();
        assertThat(queuedRan).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }
}
