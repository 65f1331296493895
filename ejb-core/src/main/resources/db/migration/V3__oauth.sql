-- OAuth 2 authorization server: operator-registered clients, authorizations, codes and tokens.
-- Codes and tokens are stored only as SHA-256 hex digests. All times are UTC.

CREATE TABLE oauth_client (
    client_id     VARCHAR(128)  NOT NULL,
    display_name  VARCHAR(100)  NOT NULL,
    redirect_uris TEXT          NOT NULL,
    secret_hash   VARCHAR(255)  NULL,
    created_at    DATETIME(6)   NOT NULL,
    version       BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (client_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE oauth_authorization (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    account_id    BIGINT        NOT NULL,
    client_id     VARCHAR(128)  NOT NULL,
    scope         VARCHAR(64)   NOT NULL,
    authorized_at DATETIME(6)   NOT NULL,
    expires_at    DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY oauth_authorization_account (account_id),
    KEY oauth_authorization_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE oauth_code (
    code_hash        CHAR(64)      NOT NULL,
    account_id       BIGINT        NOT NULL,
    client_id        VARCHAR(128)  NOT NULL,
    redirect_uri     VARCHAR(2048) NOT NULL,
    code_challenge   VARCHAR(128)  NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    expires_at       DATETIME(6)   NOT NULL,
    used_at          DATETIME(6)   NULL,
    authorization_id BIGINT        NULL,
    PRIMARY KEY (code_hash),
    KEY oauth_code_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE oauth_token (
    token_hash       CHAR(64)     NOT NULL,
    authorization_id BIGINT       NOT NULL,
    kind             VARCHAR(8)   NOT NULL,
    expires_at       DATETIME(6)  NOT NULL,
    used_at          DATETIME(6)  NULL,
    PRIMARY KEY (token_hash),
    KEY oauth_token_authorization (authorization_id),
    KEY oauth_token_expires (expires_at),
    CONSTRAINT oauth_token_authorization_fk FOREIGN KEY (authorization_id)
        REFERENCES oauth_authorization (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
