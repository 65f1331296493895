-- Issue 7, gap 8: the addresses each name has logged in from successfully. The per-name progressive
-- delay against guessers with many addresses does not apply to these, so a stranger's guessing
-- never holds up the owner at their usual place (see LoginThrottle). One row per name and address,
-- written on a successful login: no row shared between accounts.
CREATE TABLE login_known_address (
    account_name    VARCHAR(64) NOT NULL,
    client_address  VARCHAR(45) NOT NULL,
    last_success_at DATETIME(6) NOT NULL,
    PRIMARY KEY (account_name, client_address),
    INDEX ix_login_known_address_time (last_success_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_login_failure_name_address ON login_failure (account_name, client_address, failed_at);
