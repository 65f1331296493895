-- The readiness check's write probe: each controller instance writes its own row (never another
-- instance's, so the probes of two instances cannot conflict). An instance that cannot commit this
-- row within a couple of seconds reports not-ready, and keepalived moves the virtual IP away from it.
CREATE TABLE cluster_write_probe (
    instance_name  VARCHAR(128) NOT NULL,
    probed_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (instance_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
