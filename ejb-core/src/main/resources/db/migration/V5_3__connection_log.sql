-- The connection log (owner: nodes, issue 9): who had which VPN address through which node when.
-- One row per session; WireGuard sessions are derived from the peers' latest handshakes and byte
-- counters during reconciliation. The account's name is copied: the log outlives a deleted account.
CREATE TABLE connection_log (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    configuration_id  BIGINT       NOT NULL,
    account_id        BIGINT       NOT NULL,
    account_name      VARCHAR(64)  NOT NULL,
    profile_id        VARCHAR(64)  NOT NULL,
    node_name         VARCHAR(64)  NOT NULL,
    protocol          VARCHAR(16)  NOT NULL,
    ipv4              VARCHAR(15)  NULL,
    ipv6              VARCHAR(39)  NULL,
    origin            VARCHAR(64)  NULL,
    connected_at      DATETIME(6)  NOT NULL,
    disconnected_at   DATETIME(6)  NULL,
    bytes_in          BIGINT       NOT NULL DEFAULT 0,
    bytes_out         BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY ix_connection_ipv4 (ipv4, connected_at),
    KEY ix_connection_ipv6 (ipv6, connected_at),
    KEY ix_connection_open (node_name, disconnected_at),
    KEY ix_connection_configuration (configuration_id, disconnected_at),
    CONSTRAINT ck_connection_protocol CHECK (protocol IN ('wireguard', 'openvpn'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
