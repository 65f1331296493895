package org.tunnelgate.agent.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.system.SecretFile;

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

    public Path file() {
        return file;
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
        SecretFile.write(file, json);
    }
}
