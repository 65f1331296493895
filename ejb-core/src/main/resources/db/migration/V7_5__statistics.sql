-- Statistics (issue 9 item 3, issue 12): the live connections per profile and node, sampled every
-- 5 minutes by one controller instance of the cluster (job "stats-sample" through job_lease and
-- job_run, like the node jobs), and per profile and UTC day the unique users and the most
-- concurrent connections, recomputed with every sample. Samples are kept 31 days, days 400.
CREATE TABLE stats_sample (
    sampled_at    DATETIME(6)  NOT NULL,
    profile_id    VARCHAR(64)  NOT NULL,
    node_name     VARCHAR(64)  NOT NULL,
    connections   INT          NOT NULL,
    fencing_token BIGINT       NOT NULL,
    PRIMARY KEY (sampled_at, profile_id, node_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE stats_daily (
    day             DATE         NOT NULL,
    profile_id      VARCHAR(64)  NOT NULL,
    unique_users    INT          NOT NULL,
    max_concurrent  INT          NOT NULL,
    PRIMARY KEY (day, profile_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
