package org.tunnelgate.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.TestPki;
import org.tunnelgate.agent.json.InvalidInput;

class TlsTest {

    @Test
    void a_key_that_does_not_belong_to_the_certificate_is_refused_with_the_way_out(@TempDir Path dir) throws Exception {
        var ca = new TestPki("CA");
        Path caFile = ca.writeCertificate(dir);
        var one = ca.node("one", dir);
        var two = ca.node("two", dir);

        assertThat(Tls.context(one.certificate(), one.key(), caFile)).isNotNull();
        assertThatThrownBy(() -> Tls.context(one.certificate(), two.key(), caFile))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("is not the key of the certificate")
                .hasMessageContaining("run enroll again");
    }
}
