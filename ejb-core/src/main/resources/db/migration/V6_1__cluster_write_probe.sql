-- The readiness check's write probe: each controller instance writes its own row (never another
-- instance's, so the probes of two instances cannot conflict). An instance that cannot commit this
-- row within a couple of seconds reports not-ready, and keepalived moves the virtual IP away from
-- it. The row doubles as what the cluster page shows: which instances there are, which version
-- each runs, and when each last proved it could write.
CREATE TABLE cluster_write_probe (
    instance_name  VARCHAR(128) NOT NULL,
    version        VARCHAR(64)  NOT NULL,
    started_at     DATETIME(6)  NOT NULL,
    probed_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (instance_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
