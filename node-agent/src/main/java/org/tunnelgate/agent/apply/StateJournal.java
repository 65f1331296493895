package org.tunnelgate.agent.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;

/**
 * {@code state.journal}: the single-peer changes made since {@code state.json} was written, one JSON
 * line each, after a first line that names the state they belong to (its SHA-256). See
 * {@link StateStore} for when it is written, replayed and started over.
 */
final class StateJournal {

    /** One single-peer change: a peer added or replaced ({@code added}), or the peer with {@code publicKey} removed. */
    record PeerEdit(String interfaceName, WgPeer added, String publicKey) {}

    private final Path file;
    private final Path stateFile;
    private int lines;       // change lines in the journal now
    private boolean open;    // the file on disk starts with the header of the current state

    StateJournal(Path file, Path stateFile) {
        this.file = file;
        this.stateFile = stateFile;
    }

    Path file() {
        return file;
    }

    int lines() {
        return lines;
    }

    /** A new complete state was written: the next batch starts the journal over, whatever is left on disk. */
    void startOver() {
        lines = 0;
        open = false;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // harmless: it names the old state, so a start ignores it, and the next batch replaces it
        }
    }

    /** Appends a batch and forces it to disk; on failure nothing of the batch stays in the file. */
    void append(String stateDigest, List<PeerEdit> edits) {
        StringBuilder text = new StringBuilder();
        boolean fresh = !open;
        if (fresh) {
            text.append(Json.write(Json.object("state_sha256", stateDigest))).append('\n');
        }
        for (PeerEdit edit : edits) {
            Object line = edit.added() != null
                    ? Json.object("interface", edit.interfaceName(), "add", edit.added().toJson())
                    : Json.object("interface", edit.interfaceName(), "remove", edit.publicKey());
            text.append(Json.write(line)).append('\n');
        }
        Set<StandardOpenOption> mode = fresh
                ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (var channel = FileChannel.open(file, mode,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            long before = channel.size();
            try {
                var buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(fresh); // a new file's directory entry too
            } catch (IOException e) {
                channel.truncate(before); // the batch failed: none of it may be replayed at the next start
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        open = true;
        lines += edits.size();
    }

    /**
     * {@code state} (read from a state file with {@code stateDigest}) with the journal's complete
     * lines applied in order — if the journal belongs to that state; otherwise the journal is stale
     * (left by a crash between a new state's rename and the journal's deletion) and is deleted. A
     * last line without its newline is a batch cut off while being written: dropped and cut off.
     */
    DesiredState replay(DesiredState state, String stateDigest) {
        lines = 0;
        open = false;
        if (!Files.exists(file)) {
            return state;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int end = text.lastIndexOf('\n') + 1;
        List<String> all = end == 0 ? List.of() : List.of(text.substring(0, end - 1).split("\n"));
        if (all.isEmpty() || !stateDigest.equals(header(all.get(0)))) {
            startOver();
            return state;
        }
        if (end < text.length()) {
            cutOff(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
        }
        Map<String, Map<String, WgPeer>> peers = new LinkedHashMap<>();
        for (int i = 1; i < all.size(); i++) {
            applyLine(state, peers, all.get(i), i + 1);
        }
        lines = all.size() - 1;
        open = true;
        DesiredState replayed = state;
        for (var entry : peers.entrySet()) {
            WgInterface spec = replayed.wireguard(entry.getKey()).orElseThrow();
            replayed = replayed.with(spec.withPeers(new ArrayList<>(entry.getValue().values())));
        }
        return replayed;
    }

    private void applyLine(DesiredState state, Map<String, Map<String, WgPeer>> peers, String line, int number) {
        String where = "journal line " + number;
        try {
            var f = Fields.of(Json.parse(line), where).allowOnly(Set.of("interface", "add", "remove"));
            String name = f.string("interface");
            Optional<WgInterface> spec = state.wireguard(name);
            if (spec.isEmpty()) {
                throw new InvalidInput(where + ": no wireguard interface named " + name + " in the state");
            }
            Map<String, WgPeer> current = peers.computeIfAbsent(name, k -> {
                Map<String, WgPeer> map = new LinkedHashMap<>();
                spec.get().peers().forEach(p -> map.put(p.publicKey(), p));
                return map;
            });
            if (f.has("add")) {
                WgPeer peer = WgPeer.from(Fields.of(f.map().get("add"), where + ".add"));
                current.remove(peer.publicKey()); // a replaced peer moves to the end, as in PeerChanges
                current.put(peer.publicKey(), peer);
            } else {
                current.remove(WgPeer.publicKey(f.string("remove"), where + ".remove"));
            }
        } catch (InvalidInput e) {
            throw new InvalidInput("the journal " + file + " is unusable (" + e.getMessage() + "); move it and "
                    + stateFile + " away to start empty and let the controller send the state again");
        }
    }

    private static String header(String line) {
        try {
            return Fields.of(Json.parse(line), "journal header").string("state_sha256");
        } catch (InvalidInput e) {
            return null;
        }
    }

    private void cutOff(long length) {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair " + file, e);
        }
    }
}
