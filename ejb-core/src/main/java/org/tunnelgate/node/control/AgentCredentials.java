package org.tunnelgate.node.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.pki.control.NodeAuthority;
import org.tunnelgate.pki.control.NodeCredentialStore;
import org.tunnelgate.pki.control.Pem;

/**
 * This instance's handle on the node CA and on the controller's client certificate: loaded from the
 * database on first use (created there by the first instance that needs them), then kept in memory.
 * The TLS context presents the controller's certificate and trusts only the node CA — an agent
 * with a certificate from anywhere else fails the handshake. Must first be used outside a JTA
 * transaction (the credentials are read with their own short JDBC transaction).
 */
@ApplicationScoped
public class AgentCredentials {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tunnelgate.master-key-file")
    Optional<String> masterKeyFile;

    private volatile NodeCredentialStore.Loaded loaded;

    protected AgentCredentials() {
        // for CDI
    }

    /** Outside a container (tests, tools): the same credentials from this database and key file. */
    public AgentCredentials(DataSource dataSource, Clock clock, Path masterKeyFile) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.masterKeyFile = Optional.of(masterKeyFile.toString());
    }
    private volatile SSLContext tls;
    private volatile Keys keys;

    /** The controller's key managers and a trust manager of the node CA alone, made once. */
    private record Keys(KeyManager[] keyManagers, X509TrustManager nodeCa) {}

    public NodeAuthority authority() {
        return loaded().authority();
    }

    /** TLS 1.3 with the controller's client certificate, trusting the node CA only. */
    public SSLContext tls() {
        SSLContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = context(keys().keyManagers(), keys().nodeCa());
                }
                context = tls;
            }
        }
        return context;
    }

    /**
     * TLS 1.3 towards one node: the controller's client certificate, and an agent certificate only
     * when it comes from the node CA and names that node (its host name is not what counts: a node
     * is who enrolled, wherever it is reached).
     */
    public SSLContext tlsFor(String nodeName) {
        Keys current = keys();
        return context(current.keyManagers(), new NodeTrust(current.nodeCa(), nodeName));
    }

    private Keys keys() {
        Keys current = keys;
        if (current == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = buildKeys(loaded());
                }
                current = keys;
            }
        }
        return current;
    }

    private NodeCredentialStore.Loaded loaded() {
        NodeCredentialStore.Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = NodeCredentialStore.loadOrCreate(dataSource, masterKey(), clock.instant());
                }
                current = loaded;
            }
        }
        return current;
    }

    private static Keys buildKeys(NodeCredentialStore.Loaded credentials) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate ca = x509.generateCertificate(new ByteArrayInputStream(
                    credentials.authority().certificatePem().getBytes(StandardCharsets.US_ASCII)));
            Certificate own = x509.generateCertificate(new ByteArrayInputStream(
                    credentials.controller().certificatePem().getBytes(StandardCharsets.US_ASCII)));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    Pem.decode("PRIVATE KEY", credentials.controller().privateKeyPem())));
            char[] password = "in-memory only".toCharArray(); // the key store never leaves this method
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("controller", key, password, new Certificate[] {own, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("node-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            return new Keys(kmf.getKeyManagers(), (X509TrustManager) tmf.getTrustManagers()[0]);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS towards the node agents", e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS towards the node agents", e);
        }
    }

    private MasterKey masterKey() {
        String file = masterKeyFile.filter(f -> !f.isBlank()).orElseThrow(() -> new IllegalStateException(
                "node management needs the operator's master key, but tunnelgate.master-key-file is not set"));
        return MasterKey.fromFile(Path.of(file));
    }
}
