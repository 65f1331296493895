package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.node.EnrollmentRefused;
import org.tunnelgate.node.InvalidNode;
import org.tunnelgate.node.control.AgentCredentials;
import org.tunnelgate.node.control.EnrollmentTokens;
import org.tunnelgate.node.control.NodeClient;
import org.tunnelgate.pki.control.NodeAuthority;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.UtcDateTime;

/**
 * A node's agent joins the controller: it sends the one-time token an admin got from
 * {@link Nodes#register} with a certification request for a key it made itself, and gets its
 * certificate from the node CA. The token is spent in the same transaction that records the
 * certificate.
 */
@Stateless
public class NodeEnrollment {

    private static final Logger LOG = Logger.getLogger(NodeEnrollment.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    NodeClient client;

    @Inject
    AgentCredentials credentials;

    @Inject
    Clock clock;

    /**
     * A node enrolls: the token must be known, unused and unexpired ({@link EnrollmentRefused}, the
     * same for all three), the request a readable, self-signed PKCS#10 request
     * ({@link InvalidNode}). The token is spent and the certificate recorded in one short
     * transaction that locks the node's row, so a token enrolls at most once even when two
     * instances receive it at the same moment.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Enrolled enroll(String token, String csrPem, List<String> controllerUrls) {
        if (!EnrollmentTokens.hasTokenShape(token)) {
            throw new EnrollmentRefused();
        }
        if (csrPem == null || csrPem.isBlank()) {
            throw new InvalidNode("csr is missing");
        }
        String hash = EnrollmentTokens.hash(token);
        NodeAuthority authority = credentials.authority(); // loaded outside the enrollment's transaction
        return JdbcTransaction.run(dataSource, c -> {
            Instant now = clock.instant();
            String name;
            String agentUrl;
            try (PreparedStatement select = c.prepareStatement("SELECT name, agent_url, enrollment_expires_at FROM vpn_node"
                    + " WHERE enrollment_token_hash = ? FOR UPDATE")) {
                select.setString(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getString(2) == null) {
                        throw new EnrollmentRefused();
                    }
                    Instant expires = UtcDateTime.read(row, 3);
                    if (!now.isBefore(expires)) {
                        throw new EnrollmentRefused();
                    }
                    name = row.getString(1);
                    agentUrl = row.getString(2);
                }
            }
            NodeAuthority.NodeCertificate certificate;
            try {
                certificate = authority.issueNode(csrPem, name, now);
            } catch (IllegalArgumentException e) {
                throw new InvalidNode(e.getMessage());
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE vpn_node SET enrollment_token_hash = NULL,"
                    + " enrollment_expires_at = NULL, cert_serial = ?, cert_not_after = ?, enrolled_at = ?, version = version + 1"
                    + " WHERE name = ? AND enrollment_token_hash = ?")) {
                update.setString(1, certificate.serialHex());
                update.setObject(2, UtcDateTime.toDatabase(certificate.notAfter()));
                update.setObject(3, UtcDateTime.toDatabase(now));
                update.setString(4, name);
                update.setString(5, hash);
                if (update.executeUpdate() != 1) {
                    throw new EnrollmentRefused();
                }
            }
            LOG.info(() -> "node " + name + " enrolled; certificate serial " + certificate.serialHex());
            client.forget(name);
            return new Enrolled(name, certificate.certificatePem(), authority.certificatePem(),
                    List.of(NodeAuthority.CONTROLLER_NAME), controllerUrls, listenAddress(agentUrl));
        });
    }

    /** Where the agent listens, from its URL: an IP literal as it is, a DNS name as every address. */
    static String listenAddress(String agentUrl) {
        URI uri = URI.create(agentUrl);
        String host = uri.getHost();
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        return (literal ? host : "0.0.0.0") + ":" + uri.getPort();
    }
}
