package org.tunnelgate.agent.apply;

import java.util.List;
import org.tunnelgate.agent.json.Json;

/**
 * What applying a desired state did. {@code applied} is false only for a repeated generation
 * (a no-op). Failures do not undo the rest: the state is kept, and the agent keeps trying to
 * reach it (supervised processes restart, the periodic reconcile recreates missing interfaces).
 */
public record ApplyResult(long generation, boolean applied, List<String> changes, List<String> failures) {

    public Object toJson() {
        return Json.object(
                "generation", generation, "applied", applied, "changes", changes, "failures", failures);
    }
}
