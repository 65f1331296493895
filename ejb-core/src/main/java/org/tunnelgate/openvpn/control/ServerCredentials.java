package org.tunnelgate.openvpn.control;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.tunnelgate.pki.control.CertificateAuthority;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The OpenVPN server certificate of each node for each profile it serves ({@code
 * openvpn_server_credential}): issued by the OpenVPN CA for the node's public host (OU = the
 * profile), valid for {@link #VALIDITY}, re-issued once less than {@link #RENEW_BEFORE} is left.
 * The private key is sealed with the master key; it leaves the controller only inside the node's
 * desired state, over mutual TLS.
 */
public final class ServerCredentials {

    /**
     * A node's server certificate and key (PEM), {@code renewed} when this call replaced one that
     * was ending. The key is secret: never logged.
     */
    public record Server(String certificatePem, String privateKeyPem, Instant notAfter, boolean renewed) {
        @Override
        public String toString() {
            return "Server[notAfter=" + notAfter + ", renewed=" + renewed + "]";
        }
    }

    static final String PURPOSE = "openvpn-server-key";
    /** The key two creators race for: the table's primary key (node, profile). */
    public static final String RACED_KEY = "PRIMARY";
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private ServerCredentials() {}

    /**
     * The node's credential for the profile, issued (or re-issued) when missing or ending soon, on
     * the caller's transaction. Two instances issuing at once: the loser's insert fails on
     * {@link #RACED_KEY} and its retried transaction reads the winner's.
     */
    public static Server forNode(Connection c, MasterKey masterKey, CertificateAuthority ca, String nodeName,
                                 String publicHost, String profileId, Instant now) throws SQLException {
        String context = nodeName + "/" + profileId;
        boolean exists = false;
        try (PreparedStatement select = c.prepareStatement("SELECT certificate_pem, private_key_sealed, not_after"
                + " FROM openvpn_server_credential WHERE node_name = ? AND profile_id = ?")) {
            select.setString(1, nodeName);
            select.setString(2, profileId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    exists = true;
                    Instant notAfter = UtcDateTime.fromDatabase(row.getObject(3, LocalDateTime.class));
                    if (notAfter.minus(RENEW_BEFORE).isAfter(now)) {
                        String key = new String(masterKey.decrypt(PURPOSE, context, row.getBytes(2)), StandardCharsets.US_ASCII);
                        return new Server(row.getString(1), key, notAfter, false);
                    }
                }
            }
        }
        CertificateAuthority.Issued issued = ca.issueServer(publicHost, profileId, now, now.plus(VALIDITY));
        Instant notAfter = issued.certificate().getNotAfter().toInstant();
        byte[] sealed = masterKey.encrypt(PURPOSE, context, issued.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
        String sql = exists
                ? "UPDATE openvpn_server_credential SET certificate_pem = ?, private_key_sealed = ?, not_after = ?, created_at = ?"
                        + " WHERE node_name = ? AND profile_id = ?"
                : "INSERT INTO openvpn_server_credential (certificate_pem, private_key_sealed, not_after, created_at,"
                        + " node_name, profile_id) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement write = c.prepareStatement(sql)) {
            write.setString(1, issued.certificatePem());
            write.setBytes(2, sealed);
            write.setObject(3, UtcDateTime.toDatabase(notAfter));
            write.setObject(4, UtcDateTime.toDatabase(now));
            write.setString(5, nodeName);
            write.setString(6, profileId);
            write.executeUpdate();
        }
        return new Server(issued.certificatePem(), issued.privateKeyPem(), notAfter, exists);
    }
}
