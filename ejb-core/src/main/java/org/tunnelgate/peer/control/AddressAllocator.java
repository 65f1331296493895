package org.tunnelgate.peer.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.BitSet;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.tunnelgate.platform.JdbcTransaction;

/**
 * Hands out a WireGuard address of one node's pool by inserting the configuration row that owns
 * it, inside the caller's transaction. Correctness rests entirely on the unique key
 * {@code (profile_id, node_name, wg_host)}: whichever insert the database accepts owns the
 * address, on one server or across a Galera cluster (where the loser fails certification at
 * commit and {@link JdbcTransaction} repeats the whole transaction). There is no lock on the pool
 * and no counter row, so allocations for different addresses never wait for each other.
 *
 * <p>First a couple of blind random picks (cheap while the pool is mostly free), then picks among
 * the hosts the database says are free. An exhausted pool is reported as empty, never as an error.
 */
public final class AddressAllocator {

    /** Inserts the configuration row with the given host; throws the database's duplicate-key error. */
    @FunctionalInterface
    public interface RowInsert {
        void insert(long host) throws SQLException;
    }

    static final String ADDRESS_KEY = "uq_configuration_wg_address";
    private static final int BLIND_TRIES = 2;
    private static final int INFORMED_TRIES = 8;

    private AddressAllocator() {}

    /** @return the host offset now owned by the inserted row, or empty when the pool is full */
    public static OptionalLong allocate(Connection connection, String profileId, String nodeName, AddressPool pool,
                                        RowInsert rowInsert, RandomGenerator random) throws SQLException {
        for (int i = 0; i < BLIND_TRIES; i++) {
            long host = pool.randomHost(random);
            if (tryInsert(rowInsert, host)) {
                return OptionalLong.of(host);
            }
        }
        for (int i = 0; i < INFORMED_TRIES; i++) {
            OptionalLong free = pool.freeHost(usedHosts(connection, profileId, nodeName), random);
            if (free.isEmpty()) {
                return free;
            }
            if (tryInsert(rowInsert, free.getAsLong())) {
                return free;
            }
        }
        throw new SQLTransientException("address allocation kept colliding with concurrent connects");
    }

    private static boolean tryInsert(RowInsert rowInsert, long host) throws SQLException {
        try {
            rowInsert.insert(host);
            return true;
        } catch (SQLException e) {
            if (JdbcTransaction.isDuplicateKey(e, ADDRESS_KEY)) {
                return false; // taken; only this statement was rolled back, the transaction goes on
            }
            throw e;
        }
    }

    static BitSet usedHosts(Connection connection, String profileId, String nodeName) throws SQLException {
        BitSet used = new BitSet();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT wg_host FROM vpn_configuration WHERE profile_id = ? AND node_name = ? AND wg_host IS NOT NULL")) {
            select.setString(1, profileId);
            select.setString(2, nodeName);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    used.set((int) rows.getLong(1));
                }
            }
        }
        return used;
    }
}
