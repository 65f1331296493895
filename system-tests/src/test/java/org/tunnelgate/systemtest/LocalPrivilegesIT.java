package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a local user (or an attacker with a foothold in the server) finds on the machine: Payara
 * and the embedded MariaDB run as an unprivileged user, never as root — also when the home was
 * requested below a directory that user cannot enter (the harness does that on purpose) — and the
 * first admin's password is nowhere on disk, nor in the servers' environment.
 */
class LocalPrivilegesIT {

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void payaraAndTheDatabaseRunAsTheUnprivilegedServerUser() throws IOException {
        String payara = ownerOf(system.payaraPid());
        String database = ownerOf(system.databasePid());

        assertThat(payara).isEqualTo(system.runUser());
        assertThat(database).isEqualTo(system.runUser());
        if (System.getProperty("user.name").equals("root")) {
            assertThat(system.runUser()).as("started as root, the servers still must not be root").isNotEqualTo("root");
        }
    }

    @Test
    void aHomeRequestedBelowAClosedDirectoryStillWorksForTheServerUser() throws IOException {
        Path requested = system.home();
        Path closed = requested.getParent();

        assertThat(Files.getPosixFilePermissions(closed)).as("%s is closed to everybody else", closed)
                .doesNotContain(PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_EXECUTE);
        if (!system.runUser().equals(System.getProperty("user.name"))) {
            Path real = requested.toRealPath();
            assertThat(real).as("the home the servers use").isNotEqualTo(requested);
            assertThat(real.startsWith(closed)).as("%s lies outside the closed %s", real, closed).isFalse();
        }
    }

    @Test
    void theFirstAdminsPasswordIsNowhereInTheSystemsFiles() throws IOException {
        var properties = new Properties();
        try (var in = Files.newInputStream(system.home().resolve("tunnelgate.properties"))) {
            properties.load(in);
        }
        assertThat(properties).doesNotContainKey("admin.password");

        byte[] secret = system.adminPassword().getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        Path home = system.home().toRealPath();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // the unpacked Payara is as it came from Maven Central
                if (!home.relativize(file).toString().startsWith("payara-") && contains(file, secret)) {
                    holding.add(file);
                }
            }
        }
        assertThat(holding).as("files under %s that hold the admin password", home).isEmpty();
    }

    @Test
    void theServersDoNotInheritTheLaunchersSecrets() throws IOException {
        for (long pid : new long[] {system.payaraPid(), system.databasePid()}) {
            String environment = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);

            assertThat(environment).as("environment of pid %d", pid)
                    .doesNotContain(system.adminPassword()).doesNotContain("TUNNELGATE_");
        }
    }

    private static String ownerOf(long pid) throws IOException {
        return Files.getOwner(Path.of("/proc/" + pid)).getName();
    }

    private static boolean contains(Path file, byte[] needle) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException gone) {
            return false; // a temporary file the server removed meanwhile
        }
        outer:
        for (int i = 0; i <= content.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
