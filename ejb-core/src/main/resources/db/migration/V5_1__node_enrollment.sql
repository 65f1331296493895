-- Node management (owner: nodes, issue 9): enrollment, the agent's address, health and the keys of
-- each node's WireGuard interfaces; the node CA for mutual TLS between controller and agents.

-- A node row now also says where its agent listens and how much it carries. The enrollment token
-- is stored only as its SHA-256 hash (base64url), expires and is cleared when used (single use);
-- cert_serial is the certificate the node enrolled with: any other certificate claiming the node
-- is refused. maintenance = drain: no new sessions, existing ones stay.
ALTER TABLE vpn_node
    ADD COLUMN agent_url            VARCHAR(300) NULL,
    ADD COLUMN location             VARCHAR(64)  NULL,
    ADD COLUMN capacity             INT          NOT NULL DEFAULT 1000,
    ADD COLUMN enrollment_token_hash CHAR(43)    NULL,
    ADD COLUMN enrollment_expires_at DATETIME(6) NULL,
    ADD COLUMN cert_serial          VARCHAR(40)  NULL,
    ADD COLUMN cert_not_after       DATETIME(6)  NULL,
    ADD COLUMN enrolled_at          DATETIME(6)  NULL,
    ADD COLUMN maintenance          BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT uq_node_enrollment_token UNIQUE (enrollment_token_hash);

-- One WireGuard interface per node and profile, named by the controller; its key pair is made on
-- the node, which reports the public key in its status (the private key never leaves the node).
CREATE TABLE node_wireguard_interface (
    node_name       VARCHAR(64) NOT NULL,
    profile_id      VARCHAR(64) NOT NULL,
    interface_name  VARCHAR(15) NOT NULL,
    public_key      CHAR(44)    NULL,
    PRIMARY KEY (node_name, profile_id),
    CONSTRAINT fk_node_interface_node FOREIGN KEY (node_name) REFERENCES vpn_node (name) ON DELETE CASCADE,
    CONSTRAINT fk_node_interface_profile FOREIGN KEY (profile_id) REFERENCES vpn_profile (profile_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The last health probe of each node, shared by every controller instance: placement reads it, so
-- a dead node costs /connect no waiting. state: up, down or maintenance; since = when it entered it.
-- generation: the last desired state the controller sent the node (the agent reports what it applied).
CREATE TABLE node_health (
    node_name    VARCHAR(64)  NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    reason       VARCHAR(255) NULL,
    since        DATETIME(6)  NOT NULL,
    checked_at   DATETIME(6)  NOT NULL,
    generation   BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (node_name),
    CONSTRAINT ck_node_health_state CHECK (state IN ('up', 'down', 'maintenance')),
    CONSTRAINT fk_node_health_node FOREIGN KEY (node_name) REFERENCES vpn_node (name) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The node CA (EC P-256, for TLS between controller and agents; separate from the OpenVPN CA) as
-- row 1, and the controller's own client certificate from it as row 2. Private keys sealed with
-- the master key, so every controller instance uses the same ones and nobody copies files.
CREATE TABLE pki_node_credential (
    id                  TINYINT        NOT NULL,
    certificate_pem     TEXT           NOT NULL,
    private_key_sealed  VARBINARY(512) NOT NULL,
    created_at          DATETIME(6)    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_pki_node_credential_id CHECK (id IN (1, 2))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
