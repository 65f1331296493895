package org.tunnelgate.agent.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Reports waiting for a controller, delivered in order by one thread. A failed delivery is
 * retried after a jittered, doubling pause (0.5 s up to 60 s) so that many nodes coming back at
 * once do not hit a recovering controller in step. Bounded: when full, the oldest report is
 * dropped and counted — memory must not grow while a controller is away for days.
 */
final class ReportQueue implements AutoCloseable {

    interface Delivery {
        boolean deliver(String path, String body);
    }

    private record Report(String path, String body) {}

    private static final Logger LOG = Logger.getLogger(ReportQueue.class.getName());
    private static final long FIRST_PAUSE_MS = 500;
    private static final long MAX_PAUSE_MS = 60_000;

    private final ArrayDeque<Report> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Delivery delivery;
    private final int capacity;
    private final Thread sender;
    private long dropped;
    private volatile boolean closed;

    ReportQueue(Delivery delivery, int capacity) {
        this.delivery = delivery;
        this.capacity = capacity;
        this.sender = new Thread(this::run, "controller-reports");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    void add(String path, String body) {
        lock.lock();
        try {
            if (queue.size() >= capacity) {
                queue.removeFirst();
                dropped++;
                long total = dropped;
                LOG.warning(() -> "report queue full, oldest report dropped; dropped_total=" + total);
            }
            queue.addLast(new Report(path, body));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
    }

    static Duration pause(int failures) {
        long base = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(failures - 1, 7));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            Report next;
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    changed.await();
                }
                next = queue.peekFirst();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (delivery.deliver(next.path(), next.body())) {
                failures = 0;
                lock.lock();
                try {
                    if (queue.peekFirst() == next) queue.removeFirst();
                } finally {
                    lock.unlock();
                }
                continue;
            }
            failures++;
            try {
                TimeUnit.MILLISECONDS.sleep(pause(failures).toMillis()); // the backoff itself, interrupted by close()
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
