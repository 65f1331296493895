package org.tunnelgate.account.control;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.tunnelgate.account.entity.LoginFailure;

/** The failure log in table {@code login_failure}, inside the caller's transaction. */
public class JpaFailureLog implements LoginThrottle.FailureLog {

    private final EntityManager em;

    public JpaFailureLog(EntityManager em) {
        this.em = em;
    }

    @Override
    public long countForName(String name, Instant since) {
        return em.createNamedQuery(LoginFailure.COUNT_FOR_NAME, Long.class)
                .setParameter("name", name).setParameter("since", since).getSingleResult();
    }

    @Override
    public long countForAddress(String address, Instant since) {
        return em.createNamedQuery(LoginFailure.COUNT_FOR_ADDRESS, Long.class)
                .setParameter("address", address).setParameter("since", since).getSingleResult();
    }

    @Override
    public void record(String name, String address, Instant at) {
        em.persist(new LoginFailure(name, address, at));
    }

    @Override
    public void forgetName(String name) {
        em.createNamedQuery(LoginFailure.FORGET_NAME).setParameter("name", name).executeUpdate();
    }

    public int forgetBefore(Instant cutoff) {
        return em.createNamedQuery(LoginFailure.FORGET_BEFORE).setParameter("cutoff", cutoff).executeUpdate();
    }
}
