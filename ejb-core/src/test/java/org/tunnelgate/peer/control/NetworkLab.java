package org.tunnelgate.peer.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Two network namespaces joined by a veth pair — a "node" (10.250.0.1) and a "client"
 * (10.250.0.2) — named with a per-run prefix and torn down with everything started in them.
 * Needs root and the data-plane tools; when they are missing it fails, it never skips.
 */
final class NetworkLab implements AutoCloseable {

    final String id = "tg" + HexFormat.of().formatHex(randomBytes(3));
    final String node = id + "-node";
    final String client = id + "-cli";
    final Path dir;
    private final List<Process> processes = new ArrayList<>();

    NetworkLab() throws IOException, InterruptedException {
        requirePrerequisites();
        dir = Files.createTempDirectory(id, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        run("ip", "netns", "add", node);
        run("ip", "netns", "add", client);
        run("ip", "link", "add", id + "n", "type", "veth", "peer", "name", id + "c");
        run("ip", "link", "set", id + "n", "netns", node);
        run("ip", "link", "set", id + "c", "netns", client);
        run("ip", "-n", node, "addr", "add", "10.250.0.1/30", "dev", id + "n");
        run("ip", "-n", client, "addr", "add", "10.250.0.2/30", "dev", id + "c");
        for (String[] ns : new String[][] {{node, id + "n"}, {client, id + "c"}}) {
            run("ip", "-n", ns[0], "link", "set", "lo", "up");
            run("ip", "-n", ns[0], "link", "set", ns[1], "up");
        }
    }

    private static void requirePrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String tool : List.of("ip", "wg", "wg-quick", "wireguard-go", "openvpn", "ping")) {
            boolean found = Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/sbin"})
                    .flatMap(Arrays::stream).anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
            if (!found) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("data-plane test prerequisites missing: " + missing
                    + " (install wireguard-go wireguard-tools openvpn iproute2 iputils-ping; run as root)");
        }
    }

    /** Runs a command to completion; its output if it succeeded, else an exception with the output. */
    String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }

    /** Starts a long-running command whose output goes to {@code log}; stopped on close. */
    Process start(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a process's state: there is nothing to block on
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (String ns : List.of(node, client)) {
            // deleting can fail with EBUSY while a just-killed process is still leaving the namespace
            await("namespace " + ns + " to be deleted", Duration.ofSeconds(10), () -> {
                try {
                    new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
                    return !Files.exists(Path.of("/run/netns", ns));
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
