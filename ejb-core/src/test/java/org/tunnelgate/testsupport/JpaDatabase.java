package org.tunnelgate.testsupport;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Supplier;
import org.tunnelgate.platform.Migrations;

/**
 * The controller's own persistence unit ({@code tunnelgate}, every entity and converter of ejb-core)
 * on a fresh, migrated database of the test MariaDB — EclipseLink outside the server, with local
 * transactions instead of JTA. Boundaries get its entity manager; {@link #inTransaction} plays the
 * container's part of beginning and committing (or rolling back on an exception).
 */
public final class JpaDatabase implements AutoCloseable {

    public final MariaDbServer.Database database;
    private final EntityManagerFactory factory;
    private final EntityManager em;

    public JpaDatabase() {
        database = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(database.dataSource());
        factory = Persistence.createEntityManagerFactory("tunnelgate", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.jdbc.driver", "org.mariadb.jdbc.Driver",
                "jakarta.persistence.jdbc.url", database.jdbcUrl(),
                "jakarta.persistence.jdbc.user", database.user(),
                "jakarta.persistence.jdbc.password", database.password(),
                "eclipselink.target-server", "None",
                "eclipselink.weaving", "false"));
        em = factory.createEntityManager();
    }

    /** The entity manager to put into a boundary's {@code em} field. */
    public EntityManager em() {
        return em;
    }

    /** Runs {@code work} in a transaction, as a container would around a boundary call. */
    public <T> T inTransaction(Supplier<T> work) {
        return inTransaction(em, work);
    }

    /**
     * Another request's view of the same database: an entity manager of its own (with its own
     * connection in each transaction), for boundaries that run at the same time as others.
     */
    public Session session() {
        return new Session(factory.createEntityManager());
    }

    /** An entity manager of its own and the transactions around its calls; see {@link #session}. */
    public static final class Session implements AutoCloseable {
        private final EntityManager em;

        Session(EntityManager em) {
            this.em = em;
        }

        public EntityManager em() {
            return em;
        }

        public <T> T inTransaction(Supplier<T> work) {
            return JpaDatabase.inTransaction(em, work);
        }

        @Override
        public void close() {
            em.close();
        }
    }

    private static <T> T inTransaction(EntityManager em, Supplier<T> work) {
        EntityTransaction tx = em.getTransaction();
        tx.begin();
        try {
            T result = work.get();
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.clear(); // the next call reads what the database has, like a new transaction would
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** A number from a plain SQL query, to check what really was written. */
    public long count(String sql) {
        try (var c = database.connect(); var s = c.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        em.close();
        factory.close();
    }
}
