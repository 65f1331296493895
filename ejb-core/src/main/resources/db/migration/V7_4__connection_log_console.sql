-- The console's connections page and log lookup (issue 12): the live sessions newest first, and
-- every session of one person, without scanning a connection log of millions of rows.
ALTER TABLE connection_log
    ADD KEY ix_connection_live (disconnected_at, id),
    ADD KEY ix_connection_account (account_name, id);
