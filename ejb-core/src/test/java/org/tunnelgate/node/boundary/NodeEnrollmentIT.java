package org.tunnelgate.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.node.EnrollmentRefused;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.control.AgentCredentials;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.pki.control.Pem;
import org.tunnelgate.profile.boundary.TestProfilesBoundary;
import org.tunnelgate.testsupport.JpaDatabase;
import org.tunnelgate.testsupport.MutableClock;

/**
 * One-time enrollment on a real MariaDB: a token enrolls its node once, never after it expired,
 * and exactly once when many requests carry it at the same moment; the node CA and the
 * controller's credential are made once and read back by every other instance.
 */
class NodeEnrollmentIT {

    static final List<String> URLS = List.of("https://ctl.example.org/node/");

    @TempDir
    Path dir;

    JpaDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    Nodes nodes;
    NodeEnrollment enrollment;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = new JpaDatabase();
        Path masterKey = dir.resolve("master.key");
        Files.writeString(masterKey, "0123456789abcdef0123456789abcdef-test-only");
        nodes = new Nodes();
        nodes.em = db.em();
        nodes.profiles = TestProfilesBoundary.on(db);
        nodes.client = new NodeClient();
        nodes.clock = clock;
        enrollment = new NodeEnrollment();
        enrollment.client = nodes.client;
        enrollment.dataSource = db.database.dataSource();
        enrollment.clock = clock;
        enrollment.credentials = new AgentCredentials(db.database.dataSource(), clock, masterKey);
    }

    @AfterEach
    void close() {
        db.close();
    }

    Registered register(String name) {
        return db.inTransaction(() -> nodes.register(
                new NodeRegistration(name, "https://127.0.0.1:9443", "vpn1.example.org", "lab", 100)));
    }

    static String csr(KeyPair keys) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=whatever"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
    }

    static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void aTokenEnrollsItsNodeOnceWithACertificateForTheNodesOwnKey() throws Exception {
        Registered registered = register("node1");
        assertThat(db.count("SELECT COUNT(*) FROM vpn_node WHERE enrollment_token_hash = '" + registered.token() + "'"))
                .as("only the hash is stored").isZero();
        KeyPair keys = keys();

        Enrolled enrolled = enrollment.enroll(registered.token(), csr(keys), URLS);

        var factory = CertificateFactory.getInstance("X.509");
        var cert = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(enrolled.certificatePem().getBytes()));
        var ca = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(enrolled.caPem().getBytes()));
        cert.verify(ca.getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node1");
        assertThat(enrolled.node()).isEqualTo("node1");
        assertThat(enrolled.listen()).isEqualTo("127.0.0.1:9443");
        assertThat(enrolled.controllerUrls()).isEqualTo(URLS);
        assertThat(enrolled.controllerClientNames()).containsExactly("tunnelgate-controller");
        assertThat(db.count("SELECT COUNT(*) FROM vpn_node WHERE name = 'node1' AND cert_serial = '"
                + cert.getSerialNumber().toString(16) + "' AND enrollment_token_hash IS NULL")).isEqualTo(1);

        assertThatThrownBy(() -> enrollment.enroll(registered.token(), csr(keys()), URLS)).isInstanceOf(EnrollmentRefused.class);
    }

    @Test
    void anExpiredForgedOrReplacedTokenEnrollsNothing() throws Exception {
        Registered first = register("node1");
        Registered second = db.inTransaction(() -> nodes.newToken("node1"));
        assertThatThrownBy(() -> enrollment.enroll(first.token(), csr(keys()), URLS)).isInstanceOf(EnrollmentRefused.class);
        assertThatThrownBy(() -> enrollment.enroll("A".repeat(43), csr(keys()), URLS)).isInstanceOf(EnrollmentRefused.class);
        assertThatThrownBy(() -> enrollment.enroll("not a token", csr(keys()), URLS)).isInstanceOf(EnrollmentRefused.class);
        assertThatThrownBy(() -> enrollment.enroll(second.token(), "garbage", URLS)).isInstanceOf(InvalidNode.class);

        clock.advance(Duration.ofHours(24));
        assertThatThrownBy(() -> enrollment.enroll(second.token(), csr(keys()), URLS)).isInstanceOf(EnrollmentRefused.class);
        assertThat(db.count("SELECT COUNT(*) FROM vpn_node WHERE cert_serial IS NOT NULL")).isZero();
    }

    @Test
    void manyRequestsWithOneTokenAtOnceEnrollExactlyOnce() throws Exception {
        Registered registered = register("node1");
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(csr(keys()));
        }
        enrollment.credentials.authority(); // the CA exists before the race; its own creation race is another test
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Enrolled>> results = new ArrayList<>();
        for (String request : requests) {
            results.add(pool.submit((Callable<Enrolled>) () -> enrollment.enroll(registered.token(), request, URLS)));
        }
        int enrolled = 0;
        int refused = 0;
        for (Future<Enrolled> result : results) {
            try {
                result.get();
                enrolled++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(EnrollmentRefused.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(enrolled).isEqualTo(1);
        assertThat(refused).isEqualTo(11);
    }

    @Test
    void everyInstanceUsesTheOneNodeCaAndControllerCertificateFromTheDatabase() throws Exception {
        Path masterKey = dir.resolve("master.key");
        var one = new AgentCredentials(db.database.dataSource(), clock, masterKey);
        var other = new AgentCredentials(db.database.dataSource(), clock, masterKey);
        assertThat(one.authority().certificatePem()).isEqualTo(other.authority().certificatePem());
        assertThat(one.tls().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(db.count("SELECT COUNT(*) FROM pki_node_credential")).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM pki_node_credential WHERE CAST(private_key_sealed AS CHAR) LIKE '%PRIVATE%'"))
                .as("keys are sealed").isZero();
    }
}
