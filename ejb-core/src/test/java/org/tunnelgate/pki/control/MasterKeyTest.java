package org.tunnelgate.pki.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    static final MasterKey KEY = MasterKey.fromBytes("0123456789abcdef0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII), "test");

    @Test
    void sealedSecretsOpenOnlyWithTheSameKeyPurposeAndContext() {
        byte[] sealed = KEY.encrypt("pki-ca-key", "1", "secret".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(KEY.decrypt("pki-ca-key", "1", sealed), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");

        assertThatThrownBy(() -> KEY.decrypt("openvpn-tls-crypt", "1", sealed)).hasMessageContaining("wrong master key");
        assertThatThrownBy(() -> KEY.decrypt("pki-ca-key", "2", sealed)).hasMessageContaining("wrong master key");
        MasterKey other = MasterKey.fromBytes("another key of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII), "other");
        assertThatThrownBy(() -> other.decrypt("pki-ca-key", "1", sealed)).hasMessageContaining("wrong master key");
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        byte[] plain = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(KEY.encrypt("p", "c", plain)).isNotEqualTo(KEY.encrypt("p", "c", plain));
    }

    @Test
    void aMissingOrShortKeyFileIsReportedClearly(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> MasterKey.fromFile(dir.resolve("absent.key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read the master key file");
        Path shortKey = Files.writeString(dir.resolve("short.key"), "too short\n");
        assertThatThrownBy(() -> MasterKey.fromFile(shortKey)).hasMessageContaining("needs at least 32");
        assertThat(KEY.toString()).doesNotContain("0123");
    }
}
