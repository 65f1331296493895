-- VPN nodes and profiles (owner: vpn-config). Nodes are rows only until node management lands.
-- Lists inside a profile (host names, DNS servers, routes, permissions…) are newline-separated
-- text: always read and written whole, never queried by element.

CREATE TABLE vpn_node (
    name           VARCHAR(64)  NOT NULL,
    public_host    VARCHAR(253) NOT NULL,
    wg_public_key  CHAR(44)     NULL,
    version        BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE vpn_profile (
    profile_id          VARCHAR(64)   NOT NULL,
    display_name        VARCHAR(255)  NOT NULL,
    position            INT           NOT NULL DEFAULT 0,
    protocols           VARCHAR(32)   NOT NULL,
    wg_ipv4_range       VARCHAR(43)   NULL,
    wg_ipv6_range       VARCHAR(43)   NULL,
    wg_port             INT           NULL,
    ovpn_ipv4_range     VARCHAR(43)   NULL,
    ovpn_ipv6_range     VARCHAR(43)   NULL,
    ovpn_udp_ports      VARCHAR(512)  NOT NULL DEFAULT '',
    ovpn_tcp_ports      VARCHAR(512)  NOT NULL DEFAULT '',
    host_names          TEXT          NOT NULL,
    dns_servers         TEXT          NOT NULL,
    dns_search_domains  TEXT          NOT NULL,
    routes              TEXT          NOT NULL,
    excluded_routes     TEXT          NOT NULL,
    default_gateway     BOOLEAN       NOT NULL DEFAULT TRUE,
    permissions         TEXT          NOT NULL,
    session_expiry      VARCHAR(32)   NULL,
    version             BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (profile_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- which nodes serve a profile, and each node's share of the profile's ranges
CREATE TABLE vpn_profile_node (
    profile_id       VARCHAR(64) NOT NULL,
    node_name        VARCHAR(64) NOT NULL,
    position         INT         NOT NULL,
    wg_ipv4_range    VARCHAR(43) NULL,
    wg_ipv6_range    VARCHAR(43) NULL,
    ovpn_ipv4_range  VARCHAR(43) NULL,
    ovpn_ipv6_range  VARCHAR(43) NULL,
    PRIMARY KEY (profile_id, node_name),
    CONSTRAINT fk_profile_node_profile FOREIGN KEY (profile_id) REFERENCES vpn_profile (profile_id) ON DELETE CASCADE,
    CONSTRAINT fk_profile_node_node FOREIGN KEY (node_name) REFERENCES vpn_node (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
