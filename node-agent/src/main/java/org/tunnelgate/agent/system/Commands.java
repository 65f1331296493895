package org.tunnelgate.agent.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the data-plane programs with a fixed argv (never a shell), optionally inside a network
 * namespace ({@code ip netns exec NS …}). Secrets go in through stdin only, so they never appear
 * in {@code /proc/<pid>/cmdline}, and stdin is never logged or echoed in errors.
 */
public final class Commands {

    private static final long TIMEOUT_SECONDS = 60;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Commands.class.getName());

    private final String ip;
    private final Optional<String> netns;

    public Commands(String ip, Optional<String> netns) {
        this.ip = ip;
        this.netns = netns;
    }

    /** The argv that runs {@code command} where the data plane lives. */
    public List<String> argv(String... command) {
        var argv = new ArrayList<String>();
        netns.ifPresent(ns -> argv.addAll(List.of(ip, "netns", "exec", ns)));
        argv.addAll(List.of(command));
        return argv;
    }

    public String run(String... command) {
        return run(null, command);
    }

    /**
     * Runs to completion and returns stdout; a non-zero exit throws {@link CommandFailed} with stderr,
     * an interruption of the waiting thread {@link CommandInterrupted} (the interrupt stays set).
     */
    public String run(byte[] stdin, String... command) {
        refuseWhenInterrupted(command);
        var argv = argv(command);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new CommandFailed("cannot start " + command[0] + ": " + e.getMessage());
        }
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(process, stdin));
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandFailed(describe(command) + " timed out");
            }
            feeding.join();
            String err = new String(errors.join(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new CommandFailed(describe(command) + " failed (exit " + process.exitValue() + "): " + err);
            }
            LOG.fine(() -> "ran " + describe(command) + "; ms=" + (System.nanoTime() - start) / 1_000_000);
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandInterrupted(describe(command) + " interrupted");
        }
    }

    /** Starts a long-running program with stdout and stderr appended to {@code log}. */
    public Process start(Path log, String... command) {
        refuseWhenInterrupted(command);
        try {
            return new ProcessBuilder(argv(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new CommandFailed("cannot start " + command[0] + ": " + e.getMessage());
        }
    }

    /**
     * A thread already interrupted (the agent is stopping) starts nothing: waiting for the program
     * would notice the interrupt only if the program had not ended yet, so whether a change went
     * through would depend on timing.
     */
    private static void refuseWhenInterrupted(String... command) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CommandInterrupted(describe(command) + " not started: interrupted");
        }
    }

    /** The first words of a command, enough to say what failed without echoing arguments. */
    private static String describe(String... command) {
        return String.join(" ", List.of(command).subList(0, Math.min(3, command.length)));
    }

    private static void feed(Process process, byte[] stdin) {
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the program exited early; its exit code and stderr tell why
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            var out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
