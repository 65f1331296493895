-- OpenVPN server certificates of the nodes (owner: openvpn, issue 9): one per node and profile,
-- issued by the OpenVPN CA for the node's public host, its private key sealed with the master key
-- (AES-256-GCM, see MasterKey) like every other secret. Made by the first desired state that needs
-- it and re-issued when it nears its end; removing the node or the profile removes it.
CREATE TABLE openvpn_server_credential (
    node_name           VARCHAR(64)    NOT NULL,
    profile_id          VARCHAR(64)    NOT NULL,
    certificate_pem     TEXT           NOT NULL,
    private_key_sealed  VARBINARY(512) NOT NULL,
    not_after           DATETIME(6)    NOT NULL,
    created_at          DATETIME(6)    NOT NULL,
    PRIMARY KEY (node_name, profile_id),
    CONSTRAINT fk_openvpn_server_node FOREIGN KEY (node_name) REFERENCES vpn_node (name) ON DELETE CASCADE,
    CONSTRAINT fk_openvpn_server_profile FOREIGN KEY (profile_id) REFERENCES vpn_profile (profile_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
