-- Issued VPN configurations (owner: vpn-config): one row per WireGuard peer or OpenVPN client
-- certificate handed out through the app API (authorization_id set) or a portal download (null).
-- The row is the desired state for the nodes; deleting it frees the WireGuard address.
--
-- Address allocation is safe across controller instances on Galera without locks or counters:
-- a WireGuard row carries its host offset inside the node's share of the profile's range, and the
-- unique key (profile_id, node_name, wg_host) lets exactly one of two racing inserts win (locally
-- a duplicate-key error, across Galera nodes a certification failure, 1213); the loser picks
-- another free offset. OpenVPN rows have wg_host NULL, which a unique key never compares equal.
-- The unique authorization_id keeps one active configuration per app authorization even when an
-- app calls /connect twice at once.
CREATE TABLE vpn_configuration (
    id                BIGINT        NOT NULL AUTO_INCREMENT,
    account_id        BIGINT        NOT NULL,
    authorization_id  BIGINT        NULL,
    display_name      VARCHAR(255)  NULL,
    profile_id        VARCHAR(64)   NOT NULL,
    protocol          VARCHAR(16)   NOT NULL,
    node_name         VARCHAR(64)   NULL,
    wg_public_key     CHAR(44)      NULL,
    wg_host           BIGINT        NULL,
    ipv4              VARCHAR(15)   NULL,
    ipv6              VARCHAR(39)   NULL,
    cert_serial       VARCHAR(40)   NULL,
    cert_common_name  VARCHAR(64)   NULL,
    created_at        DATETIME(6)   NOT NULL,
    expires_at        DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_configuration_wg_address UNIQUE (profile_id, node_name, wg_host),
    CONSTRAINT uq_configuration_authorization UNIQUE (authorization_id),
    KEY ix_configuration_account (account_id, created_at),
    KEY ix_configuration_expires (expires_at),
    KEY ix_configuration_wg_key (wg_public_key),
    CONSTRAINT ck_configuration_protocol CHECK (protocol IN ('wireguard', 'openvpn')),
    CONSTRAINT fk_configuration_profile FOREIGN KEY (profile_id) REFERENCES vpn_profile (profile_id) ON DELETE CASCADE,
    CONSTRAINT fk_configuration_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
