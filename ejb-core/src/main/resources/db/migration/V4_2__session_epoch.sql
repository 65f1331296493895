-- Issue 7, gap 7: a password change ends every other portal session, on every controller instance.
-- A portal session remembers the account's session_epoch at login and is ended on its next request
-- when the account's value has moved on: the check is a column of the row every request reads
-- anyway, so no instance needs a list of the sessions the others hold.
ALTER TABLE account ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
