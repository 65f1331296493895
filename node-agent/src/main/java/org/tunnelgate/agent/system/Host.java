package org.tunnelgate.agent.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Facts about the host for the status call: load averages, CPU count, uptime (from /proc). */
public final class Host {

    private Host() {}

    public static List<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Arrays.stream(parts, 0, 3).map(Double::valueOf).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    public static long uptimeSeconds() {
        try {
            String first = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            return (long) Double.parseDouble(first);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }
}
