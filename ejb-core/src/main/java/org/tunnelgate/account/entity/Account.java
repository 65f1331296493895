package org.tunnelgate.account.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who logs in to the portal. The account guards its own rules: a valid name, a password
 * hash (never the password), and that a disabled account cannot log in.
 */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.BY_NAME, query = "SELECT a FROM Account a WHERE a.name = :name")
@NamedQuery(name = Account.ALL, query = "SELECT a FROM Account a ORDER BY a.name")
@NamedQuery(name = Account.PAGE_ALL, query = "SELECT a FROM Account a WHERE a.name > :after ORDER BY a.name")
@NamedQuery(name = Account.PAGE, query = "SELECT a FROM Account a WHERE a.name LIKE :pattern AND a.name > :after ORDER BY a.name")
@NamedQuery(name = Account.ENABLED_ADMINS, query = "SELECT COUNT(a) FROM Account a WHERE a.role = :role AND a.enabled = TRUE")
public class Account {

    public static final String BY_NAME = "Account.byName";
    public static final String ALL = "Account.all";
    public static final String PAGE = "Account.page";
    public static final String PAGE_ALL = "Account.pageAll";
    public static final String ENABLED_ADMINS = "Account.enabledAdmins";

    /** Letters, digits and . _ @ - ; 1 to 64 characters (fits user ids and e-mail addresses). */
    public static final String NAME_REGEX = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    public static final Pattern VALID_NAME = Pattern.compile(NAME_REGEX);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @NotNull
    @jakarta.validation.constraints.Pattern(regexp = NAME_REGEX)
    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    /** Moves on when every portal session of the account must end (see {@link #endSessions}). */
    @Column(name = "session_epoch", nullable = false)
    private long sessionEpoch;

    @Version
    private long version;

    protected Account() {} // for JPA

    public Account(String name, String passwordHash, Role role, Instant createdAt) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid account name");
        }
        this.name = name;
        this.passwordHash = Objects.requireNonNull(passwordHash);
        this.role = Objects.requireNonNull(role);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.enabled = true;
    }

    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }

    public long getId() {
        return id == null ? 0 : id;
    }

    public String getName() {
        return name;
    }

    public Role getRole() {
        return role;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastLoginAt() {
        return lastLoginAt;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public void disable() {
        enabled = false;
    }

    public void enable() {
        enabled = true;
    }

    public void changeRole(Role newRole) {
        role = Objects.requireNonNull(newRole);
    }

    public void replacePasswordHash(String newHash) {
        passwordHash = Objects.requireNonNull(newHash);
    }

    /**
     * Ends every portal session of the account, on every controller instance: a session holds the
     * epoch it was opened in and is ended on its next request when the account has moved on.
     */
    public void endSessions() {
        sessionEpoch++;
    }

    public long sessionEpoch() {
        return sessionEpoch;
    }
}
