-- The nodes page of the admin console (issue 12): what the last probe learned of the agent (its
-- version, its OpenVPN clients) and when reconciliation last compared the node with the database,
-- whether or not it had to repair anything (repairs themselves are in node_repair).
ALTER TABLE node_health
    ADD COLUMN agent_version  VARCHAR(64) NULL,
    ADD COLUMN client_count   INT         NOT NULL DEFAULT 0,
    ADD COLUMN reconciled_at  DATETIME(6) NULL;
