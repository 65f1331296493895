package org.tunnelgate.agent.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.system.SecretFile;

/**
 * The last applied desired state on disk, mode 0600 (it holds OpenVPN server keys):
 * {@code state.json}, the last complete state, and {@code state.journal} ({@link StateJournal}), the
 * single-peer changes made since.
 *
 * <p>A complete state is written to a temporary file, forced to disk and renamed over the old one,
 * so a crash leaves either the old or the new state, never half of one; the journal then starts
 * over. A batch of single-peer changes appends one line per change to the journal and forces it to
 * disk instead: writing the whole state for every batch cost a node with 10,000 peers a megabyte and
 * its JSON for every {@code /connect}. After {@value #COMPACT_AFTER_LINES} lines the next batch
 * writes a complete state again.
 *
 * <p>Reading it back replays the journal on the state. The journal's first line names the state it
 * belongs to (the SHA-256 of {@code state.json}'s bytes): a journal left by a crash between the
 * rename of a new state and the journal's deletion belongs to the old state and is ignored —
 * replaying it could bring back a peer that the new state removed. A last line without its newline
 * is a batch cut off while being written; it never reached WireGuard and no caller was told it had
 * been made, so it is dropped.
 */
public final class StateStore {

    /** Journal lines after which a batch writes the complete state instead and the journal starts over. */
    static final int COMPACT_AFTER_LINES = 5_000;

    private final Path file;
    private final StateJournal journal;
    private String stateDigest;   // SHA-256 of state.json as last written or read; null while there is none

    public StateStore(Path stateDir) {
        this.file = stateDir.resolve("state.json");
        this.journal = new StateJournal(stateDir.resolve("state.journal"), file);
    }

    public Path file() {
        return file;
    }

    Path journalFile() {
        return journal.file();
    }

    /** The stored state with the journal's changes replayed; empty when nothing was ever stored. */
    public Optional<DesiredState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        DesiredState state;
        try {
            state = DesiredState.fromJson(Json.parse(new String(bytes, StandardCharsets.UTF_8)));
        } catch (InvalidInput e) {
            // never start from half a state: the operator decides (the controller re-sends it anyway)
            throw new InvalidInput("the stored state " + file + " is unusable (" + e.getMessage()
                    + "); move it away to start empty and let the controller send the state again");
        }
        stateDigest = digest(bytes);
        return Optional.of(journal.replay(state, stateDigest));
    }

    public void save(DesiredState state) {
        save(state.toJson());
    }

    /** Stores the JSON of a complete state that has already been validated; the journal starts over. */
    void save(String json) {
        SecretFile.write(file, json);
        stateDigest = digest(json.getBytes(StandardCharsets.UTF_8));
        journal.startOver();
    }

    /**
     * Stores a batch of single-peer changes that turned the stored state into {@code next}: as
     * journal lines, or as the complete {@code next} when the journal is long enough (or there is
     * no stored state to append to).
     */
    void save(DesiredState next, List<StateJournal.PeerEdit> edits) {
        if (stateDigest == null || journal.lines() + edits.size() > COMPACT_AFTER_LINES) {
            save(next);
        } else {
            journal.append(stateDigest, edits);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
