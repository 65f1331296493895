package org.tunnelgate.agent.system;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** Waiting on a condition with a deadline, polling briefly; never a blind sleep. */
public final class Wait {

    private Wait() {}

    /** True as soon as the condition holds, false when the deadline passes first. */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5_000_000; // 5 ms, doubling up to 100 ms
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) return false;
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 100_000_000);
        }
    }
}
