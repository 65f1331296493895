package org.tunnelgate.account.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed login: for which name (as typed), from which client address, when. */
@Entity
@Table(name = "login_failure")
@NamedQuery(name = LoginFailure.COUNT_FOR_NAME,
        query = "SELECT COUNT(f) FROM LoginFailure f WHERE f.accountName = :name AND f.failedAt > :since")
@NamedQuery(name = LoginFailure.COUNT_FOR_NAME_AND_ADDRESS, query = "SELECT COUNT(f) FROM LoginFailure f "
        + "WHERE f.accountName = :name AND f.clientAddress = :address AND f.failedAt > :since")
@NamedQuery(name = LoginFailure.COUNT_FOR_ADDRESS,
        query = "SELECT COUNT(f) FROM LoginFailure f WHERE f.clientAddress = :address AND f.failedAt > :since")
@NamedQuery(name = LoginFailure.FORGET_NAME_AND_ADDRESS,
        query = "DELETE FROM LoginFailure f WHERE f.accountName = :name AND f.clientAddress = :address")
@NamedQuery(name = LoginFailure.FORGET_BEFORE, query = "DELETE FROM LoginFailure f WHERE f.failedAt < :cutoff")
public class LoginFailure {

    public static final String COUNT_FOR_NAME = "LoginFailure.countForName";
    public static final String COUNT_FOR_ADDRESS = "LoginFailure.countForAddress";
    public static final String COUNT_FOR_NAME_AND_ADDRESS = "LoginFailure.countForNameAndAddress";
    public static final String FORGET_NAME_AND_ADDRESS = "LoginFailure.forgetNameAndAddress";
    public static final String FORGET_BEFORE = "LoginFailure.forgetBefore";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_name", nullable = false, length = 64)
    private String accountName;

    @Column(name = "client_address", nullable = false, length = 45)
    private String clientAddress;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    protected LoginFailure() {} // for JPA

    public LoginFailure(String accountName, String clientAddress, Instant failedAt) {
        this.accountName = accountName;
        this.clientAddress = clientAddress.length() > 45 ? clientAddress.substring(0, 45) : clientAddress;
        this.failedAt = failedAt;
    }
}
