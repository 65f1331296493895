package org.tunnelgate.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.system.SecretFile;

/** Key, certificate and configuration change together, even when a crash comes between two renames. */
class CommitTest {

    @TempDir
    Path dir;
    private final LinkedHashMap<Path, Path> staged = new LinkedHashMap<>();

    @BeforeEach
    void oldFilesAndStagedNewOnes() throws Exception {
        for (String name : List.of("agent.crt", "agent.key", "agent.properties", "controller-trust.crt")) {
            Files.writeString(dir.resolve(name), "old " + name);
        }
        for (String name : List.of("agent.crt", "agent.key", "agent.properties")) {
            staged.put(dir.resolve(name), SecretFile.stage(dir.resolve(name), "new " + name));
        }
    }

    @Test
    void a_commit_replaces_every_file_and_leaves_no_journal_or_temporary_file() throws Exception {
        Commit.run(dir, staged, List.of(dir.resolve("controller-trust.crt")));

        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("new agent.key");
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("agent.crt", "agent.key", "agent.properties");
    }

    @Test
    void a_commit_cut_short_after_the_first_rename_is_finished_at_the_next_start() throws Exception {
        Commit.journal(dir, staged, List.of(dir.resolve("controller-trust.crt")));
        SecretFile.commit(staged.get(dir.resolve("agent.crt")), dir.resolve("agent.crt")); // ... and the node lost power

        assertThat(Files.readString(dir.resolve("agent.key"))).as("half way").isEqualTo("old agent.key");
        Enroll.finishInterrupted(dir.resolve("agent.properties"));

        assertThat(Files.readString(dir.resolve("agent.crt"))).isEqualTo("new agent.crt");
        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("new agent.key");
        assertThat(Files.readString(dir.resolve("agent.properties"))).isEqualTo("new agent.properties");
        assertThat(dir.resolve("controller-trust.crt")).doesNotExist();
        assertThat(dir.resolve(Commit.JOURNAL)).doesNotExist();
    }

    @Test
    void staged_files_without_a_journal_are_not_committed() throws Exception {
        Enroll.finishInterrupted(dir.resolve("agent.properties"));

        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("old agent.key");
        assertThat(Files.readString(dir.resolve("agent.properties"))).isEqualTo("old agent.properties");
    }
}
