package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aFailedAgentCallIsDescribedInWordsWithoutJavaClassNames() {
        assertThat(FailureText.of(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo("cannot connect (Connection refused)");
        assertThat(FailureText.of(new IllegalStateException("wrapped", new SocketTimeoutException())))
                .isEqualTo("timed out");
        assertThat(FailureText.of(new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path")))
                .isEqualTo("TLS failed (PKIX path building failed: unable to find valid certification path)")
                .doesNotContain("Exception");
        assertThat(FailureText.of(new java.io.IOException(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"))))
                .isEqualTo("timed out (HTTP connect timed out)");
        assertThat(FailureText.of(new IllegalArgumentException())).isEqualTo("failed");
    }
}
