package org.tunnelgate.agent.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.tunnelgate.agent.InvalidInput;
import org.tunnelgate.agent.http.Json;

/**
 * The last applied desired state on disk ({@code state.json} in the state directory, mode 0600
 * because it holds OpenVPN server keys). Written to a temporary file, forced to disk and renamed
 * over the old one, so a crash leaves either the old or the new state, never half of one.
 */
public final class StateStore {

    private final Path file;

    public StateStore(Path stateDir) {
        this.file = stateDir.resolve("state.json");
    }

    public Optional<DesiredState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DesiredState.fromJson(Json.parse(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (InvalidInput e) {
            // never start from half a state: the operator decides (the controller re-sends it anyway)
            throw new InvalidInput("the stored state " + file + " is unusable (" + e.getMessage()
                    + "); move it away to start empty and let the controller send the state again");
        }
    }

    public void save(DesiredState state) {
        save(state.toJson());
    }

    /** Stores the JSON of a state that has already been validated. */
    void save(String json) {
        writeSecret(file, json);
    }

    /** Writes a file that only root may read, atomically (temporary file + rename). */
    public static void writeSecret(Path target, String content) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            try (var channel = FileChannel.open(temp,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                var buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
