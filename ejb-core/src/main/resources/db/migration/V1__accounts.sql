-- People who log in to the portal. Names are compared exactly (utf8mb4_bin), as eduVPN does.
-- password_hash holds a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash); it is never logged.
-- Galera: every table has a primary key; ids are AUTO_INCREMENT (no hot counter rows).
CREATE TABLE account (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    name           VARCHAR(64)  NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     DATETIME(6)  NOT NULL,
    last_login_at  DATETIME(6)  NULL,
    version        BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_account_name UNIQUE (name),
    CONSTRAINT ck_account_role CHECK (role IN ('USER', 'ADMIN'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per failed login. Throttling counts recent rows per name and per client address, so
-- that every controller instance sees the same picture without a hot counter row that Galera
-- would have to certify on every attempt. Old rows are swept away.
CREATE TABLE login_failure (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    account_name    VARCHAR(64) NOT NULL,
    client_address  VARCHAR(45) NOT NULL,
    failed_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    INDEX ix_login_failure_name (account_name, failed_at),
    INDEX ix_login_failure_address (client_address, failed_at),
    INDEX ix_login_failure_time (failed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The audit trail: who did what to which target, and how it ended. Append-only.
CREATE TABLE audit_entry (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    occurred_at  DATETIME(6)   NOT NULL,
    actor        VARCHAR(64)   NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target       VARCHAR(255)  NOT NULL,
    outcome      VARCHAR(255)  NOT NULL,
    PRIMARY KEY (id),
    INDEX ix_audit_entry_time (occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
