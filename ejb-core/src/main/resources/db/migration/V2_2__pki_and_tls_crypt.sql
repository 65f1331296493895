-- The controller's certificate authority and OpenVPN tls-crypt keys (owner: vpn-config).
-- Secrets are sealed with the operator's master key (AES-256-GCM, see MasterKey): a dump of the
-- database alone does not reveal them.

-- exactly one CA for the whole cluster: the first instance to need it inserts row 1, a racing
-- instance loses on the primary key and reads the winner's CA
CREATE TABLE pki_ca (
    id                  TINYINT        NOT NULL,
    certificate_pem     TEXT           NOT NULL,
    private_key_sealed  VARBINARY(512) NOT NULL,
    created_at          DATETIME(6)    NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_pki_ca_single CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- one tls-crypt (OpenVPN static key V1, 2048 bits) per profile, created on first use
CREATE TABLE openvpn_tls_crypt (
    profile_id   VARCHAR(64)    NOT NULL,
    key_sealed   VARBINARY(1024) NOT NULL,
    created_at   DATETIME(6)    NOT NULL,
    PRIMARY KEY (profile_id),
    CONSTRAINT fk_tls_crypt_profile FOREIGN KEY (profile_id) REFERENCES vpn_profile (profile_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
