package org.tunnelgate.agent.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.tunnelgate.agent.system.SecretFile;

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
    private final Optional<Path> spool;
    private long dropped;
    private volatile boolean closed;

    ReportQueue(Delivery delivery, int capacity) {
        this(delivery, capacity, Optional.empty());
    }

    /**
     * With a spool file the queue survives an agent restart: reports are appended to it as they
     * come and it is rewritten (or deleted) as they are delivered. One line per report: path, tab, body.
     */
    ReportQueue(Delivery delivery, int capacity, Optional<Path> spool) {
        this.delivery = delivery;
        this.capacity = capacity;
        this.spool = spool;
        spool.ifPresent(this::load);
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
            Report report = new Report(path, body);
            queue.addLast(report);
            spool.ifPresent(file -> append(file, report));
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

    long dropped() {
        lock.lock();
        try {
            return dropped;
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

    private void load(Path file) {
        try {
            if (!Files.exists(file)) return;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) queue.addLast(new Report(line.substring(0, tab), line.substring(tab + 1)));
            }
            LOG.info(() -> "undelivered reports loaded; count=" + queue.size());
        } catch (IOException e) {
            LOG.warning(() -> "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void append(Path file, Report report) {
        try {
            if (!Files.exists(file)) {
                SecretFile.write(file, "");
            }
            Files.writeString(file, report.path() + "\t" + report.body() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException | UncheckedIOException e) {
            LOG.warning(() -> "cannot spool a report to " + file + ": " + e.getMessage());
        }
    }

    /** Called with the lock held. */
    private void rewrite(Path file) {
        try {
            if (queue.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            var out = new StringBuilder();
            for (Report r : queue) out.append(r.path()).append('\t').append(r.body()).append('\n');
            SecretFile.write(file, out.toString());
        } catch (IOException | UncheckedIOException e) {
            LOG.warning(() -> "cannot rewrite " + file + ": " + e.getMessage());
        }
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
                    spool.ifPresent(this::rewrite);
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
