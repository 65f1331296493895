package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A first start on a fresh machine, where the local Maven repository holds nothing the launcher
 * needs: Payara's zip and the MariaDB driver are fetched through Maven, and what the launcher
 * hands to unzip and to java's class path is exactly the path of the fetched file (a progress
 * line on stdout once broke exactly that, and only the first start ever saw it).
 *
 * <p>The repository is a new, empty directory (MAVEN_REPO_LOCAL); the files come from Maven
 * Central, about 200 MB, which takes 30-60 s here.
 */
class FirstStartIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private Path work;

    @BeforeEach
    void emptyMavenRepository() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        work = Files.createTempDirectory(target, "first-start-");
    }

    @AfterEach
    void removeIt() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void payaraAndTheDriverAreFetchedIntoAnEmptyMavenRepositoryAndUsedFromThereAtOnce() throws Exception {
        Path repository = work.resolve("repository");
        Path home = work.resolve("home");
        Files.createDirectories(home);

        // the launcher's own Payara step, as a first start runs it: find (fetch) the zip, unpack it
        var install = bash(repository, """
                source "$LAUNCHER"
                TG_HOME="$HOME_DIR"
                PAYARA_VERSION="$(pom_property payara.version)"
                PAYARA_DIR="$TG_HOME/payara-$PAYARA_VERSION"
                ASADMIN="$PAYARA_DIR/payara6/bin/asadmin"
                install_payara
                "$ASADMIN" version --local --terse
                """, Map.of("HOME_DIR", home.toString()));

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("fetching fish.payara.distributions:payara:")
                .doesNotContain("could not unpack").contains("Payara Server 6.");
        assertThat(repository.resolve("fish/payara/distributions/payara")).isNotEmptyDirectory();

        // the account CLI's class path needs the driver, which is not in the repository yet
        var users = system.launcher(Map.of("MAVEN_REPO_LOCAL", repository.toString()), "user", "list");

        assertThat(users.exitCode()).as(users.output()).isZero();
        assertThat(users.output()).contains("fetching org.mariadb.jdbc:mariadb-java-client:").contains("admin");
    }

    private record Result(int exitCode, String output) {}

    /** Runs a bash script with the launcher sourced, MAVEN_REPO_LOCAL set; stdout and stderr together. */
    private Result bash(Path repository, String script, Map<String, String> env) throws Exception {
        var builder = new ProcessBuilder(List.of("bash", "-c", "set -euo pipefail\n" + script)).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TUNNELGATE_"));
        builder.environment().putAll(env);
        builder.environment().put("MAVEN_REPO_LOCAL", repository.toString());
        builder.environment().put("LAUNCHER", system.launcherPath().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished: %s", output).isTrue();
        return new Result(process.exitValue(), output);
    }
}
