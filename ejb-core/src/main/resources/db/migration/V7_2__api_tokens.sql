-- Scoped tokens for the admin REST API, made by an admin in the console. Only the SHA-256 of a
-- token is kept (tokens are 256 random bits, so a plain hash is enough and a lookup is one index
-- read); the token itself is shown once. A token acts as the admin who made it and only while that
-- account is an enabled admin. Revoking deletes the row, so a revoked token fails at once everywhere.
CREATE TABLE api_token (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    name          VARCHAR(64)  NOT NULL,
    token_hash    CHAR(64)     NOT NULL,
    scope         VARCHAR(8)   NOT NULL,
    account_id    BIGINT       NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    expires_at    DATETIME(6)  NULL,
    last_used_at  DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_api_token_scope CHECK (scope IN ('read', 'write')),
    CONSTRAINT fk_api_token_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
