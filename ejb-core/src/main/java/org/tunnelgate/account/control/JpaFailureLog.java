package org.tunnelgate.account.control;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.tunnelgate.account.entity.LoginFailure;
import org.tunnelgate.platform.UtcDateTime;

/**
 * The failure log in table {@code login_failure}, and the addresses names logged in from in
 * {@code login_known_address}, inside the caller's transaction.
 */
public class JpaFailureLog implements LoginThrottle.FailureLog {

    private final EntityManager em;

    public JpaFailureLog(EntityManager em) {
        this.em = em;
    }

    @Override
    public long countForNameAndAddress(String name, String address, Instant since) {
        return em.createNamedQuery(LoginFailure.COUNT_FOR_NAME_AND_ADDRESS, Long.class).setParameter("name", name)
                .setParameter("address", address).setParameter("since", since).getSingleResult();
    }

    @Override
    public long countForName(String name, Instant since) {
        return em.createNamedQuery(LoginFailure.COUNT_FOR_NAME, Long.class)
                .setParameter("name", name).setParameter("since", since).getSingleResult();
    }

    @Override
    public Optional<Instant> lastFailureForName(String name) {
        Object last = em.createNativeQuery("SELECT MAX(failed_at) FROM login_failure WHERE account_name = ?")
                .setParameter(1, name).getSingleResult();
        if (last instanceof java.sql.Timestamp timestamp) {
            last = timestamp.toLocalDateTime();
        }
        return last instanceof LocalDateTime time ? Optional.of(UtcDateTime.fromDatabase(time)) : Optional.empty();
    }

    @Override
    public long countForAddress(String address, Instant since) {
        return em.createNamedQuery(LoginFailure.COUNT_FOR_ADDRESS, Long.class)
                .setParameter("address", address).setParameter("since", since).getSingleResult();
    }

    @Override
    public boolean isKnownAddress(String name, String address) {
        return !em.createNativeQuery("SELECT 1 FROM login_known_address WHERE account_name = ? AND client_address = ?")
                .setParameter(1, name).setParameter(2, address).getResultList().isEmpty();
    }

    @Override
    public void record(String name, String address, Instant at) {
        em.persist(new LoginFailure(name, address, at));
    }

    @Override
    public void succeeded(String name, String address, Instant at) {
        em.createNamedQuery(LoginFailure.FORGET_NAME_AND_ADDRESS).setParameter("name", name)
                .setParameter("address", address).executeUpdate();
        LocalDateTime now = UtcDateTime.toDatabase(at);
        em.createNativeQuery("INSERT INTO login_known_address (account_name, client_address, last_success_at) "
                        + "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_success_at = ?")
                .setParameter(1, name).setParameter(2, address).setParameter(3, now).setParameter(4, now)
                .executeUpdate();
    }

    public int forgetBefore(Instant cutoff) {
        return em.createNamedQuery(LoginFailure.FORGET_BEFORE).setParameter("cutoff", cutoff).executeUpdate();
    }
}
