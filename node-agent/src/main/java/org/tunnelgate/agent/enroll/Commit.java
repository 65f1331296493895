package org.tunnelgate.agent.enroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tunnelgate.agent.system.SecretFile;

/**
 * Replaces several files as one. Each file alone is replaced atomically by a rename, but key,
 * certificate and configuration must change together: a crash between two renames would leave a
 * key that does not belong to its certificate. So the renames are first written to a journal
 * ({@code .enroll-commit}, itself replaced atomically), then done, then the journal is deleted; a
 * journal found later (at the next start or enrollment) is finished the same way. Until the
 * journal exists nothing was replaced; once it exists, everything will be.
 */
final class Commit {

    static final String JOURNAL = ".enroll-commit";

    private Commit() {}

    /** {@code staged}: target -> its staged copy, in commit order; {@code obsolete}: files to delete afterwards. */
    static void run(Path dir, Map<Path, Path> staged, List<Path> obsolete) {
        journal(dir, staged, obsolete);
        finish(dir);
    }

    static void journal(Path dir, Map<Path, Path> staged, List<Path> obsolete) {
        var text = new StringBuilder();
        staged.forEach((target, copy) -> text.append("commit\t").append(name(dir, copy)).append('\t')
                .append(name(dir, target)).append('\n'));
        obsolete.forEach(file -> text.append("delete\t").append(name(dir, file)).append('\n'));
        SecretFile.write(dir.resolve(JOURNAL), text.toString());
    }

    /** Completes a commit that a crash interrupted; nothing happens when there is none. */
    static void finish(Path dir) {
        Path journal = dir.resolve(JOURNAL);
        if (!Files.exists(journal)) return;
        try {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 3 && f[0].equals("commit") && Files.exists(dir.resolve(f[1]))) {
                    SecretFile.commit(dir.resolve(f[1]), dir.resolve(f[2])); // gone = already renamed
                } else if (f.length == 2 && f[0].equals("delete")) {
                    Files.deleteIfExists(dir.resolve(f[1]));
                }
            }
            Files.delete(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the interrupted enrollment recorded in " + journal, e);
        }
    }

    /** File names only: the journal never points outside the directory it is in. */
    private static String name(Path dir, Path file) {
        if (!file.getParent().equals(dir)) {
            throw new IllegalArgumentException(file + " is not in " + dir);
        }
        return file.getFileName().toString();
    }
}
