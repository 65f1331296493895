-- Scheduled work exactly once per period across the cluster (owner: nodes, issue 9).
--
-- Every controller instance ticks; an instance runs a job only while it holds the job's lease row
-- (taken over when the holder's lease ran out: the holder died or stalls) and only when it is the
-- first to claim the current period in job_run, whose primary key admits one run per job and
-- period whatever the instances do. Each new holder gets a higher fencing token; it is recorded
-- with every run and every repair, so a stale holder's late work can be told apart.

CREATE TABLE controller_instance (
    instance_id   VARCHAR(64)  NOT NULL,
    host          VARCHAR(255) NOT NULL,
    started_at    DATETIME(6)  NOT NULL,
    heartbeat_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (instance_id),
    KEY ix_controller_instance_heartbeat (heartbeat_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE job_lease (
    job            VARCHAR(64)  NOT NULL,
    holder         VARCHAR(64)  NULL,
    fencing_token  BIGINT       NOT NULL DEFAULT 0,
    lease_until    DATETIME(6)  NOT NULL,
    PRIMARY KEY (job)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE job_run (
    job            VARCHAR(64)  NOT NULL,
    period_start   DATETIME(6)  NOT NULL,
    instance_id    VARCHAR(64)  NOT NULL,
    fencing_token  BIGINT       NOT NULL,
    started_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (job, period_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- What reconciliation found different on a node and repaired (desired state re-sent).
CREATE TABLE node_repair (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    node_name      VARCHAR(64)  NOT NULL,
    repaired_at    DATETIME(6)  NOT NULL,
    fencing_token  BIGINT       NOT NULL,
    peers_added    INT          NOT NULL,
    peers_removed  INT          NOT NULL,
    detail         VARCHAR(255) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_node_repair_node (node_name, repaired_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
