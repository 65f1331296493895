package org.tunnelgate.openvpn.control;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.UtcDateTime;

/**
 * One tls-crypt key per profile: 2048 random bits in OpenVPN's "static key V1" text format (what
 * {@code openvpn --genkey tls-crypt} writes), stored sealed with the master key. Created by the
 * first connect that needs it; a concurrent creator loses on the primary key and reads the
 * winner's key, so all nodes and clients of a profile share one key.
 */
public final class TlsCryptKeys {

    static final String PURPOSE = "openvpn-tls-crypt";
    /** The key two creators race for: the table's primary key ({@code profile_id}). */
    public static final String RACED_KEY = "PRIMARY";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsCryptKeys() {}

    /**
     * The profile's key, created if it has none yet, on the caller's transaction. Losing the race
     * to create it raises the duplicate-key error on {@link #RACED_KEY}, on which {@link JdbcTransaction}
     * repeats the caller's transaction, which then reads the winner's key.
     */
    public static String forProfile(Connection c, MasterKey masterKey, String profileId, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT key_sealed FROM openvpn_tls_crypt WHERE profile_id = ?")) {
            select.setString(1, profileId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return new String(masterKey.decrypt(PURPOSE, profileId, row.getBytes(1)), StandardCharsets.US_ASCII);
                }
            }
        }
        String key = generate();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO openvpn_tls_crypt (profile_id, key_sealed, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, profileId);
            insert.setBytes(2, masterKey.encrypt(PURPOSE, profileId, key.getBytes(StandardCharsets.US_ASCII)));
            insert.setObject(3, UtcDateTime.toDatabase(now));
            insert.executeUpdate();
        }
        return key;
    }

    /** A new key in OpenVPN's static key file format: 256 bytes as 16 lines of 32 hex digits. */
    public static String generate() {
        byte[] key = new byte[256];
        RANDOM.nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        StringBuilder out = new StringBuilder("#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n");
        for (int line = 0; line < 16; line++) {
            out.append(hex, line * 32, line * 32 + 32).append('\n');
        }
        return out.append("-----END OpenVPN Static key V1-----\n").toString();
    }
}
