-- Issue 7, gaps 5 and 6: configuration issuing is serialised per account, and the portal has a cap.
--
-- issuing_serial: every transaction that issues a configuration for an account writes this column
-- of the account's row first (UPDATE … SET issuing_serial = issuing_serial + 1). The row lock makes
-- a second /connect or portal download of the same account wait until the first has committed, so
-- the cap it then counts is the true one; on Galera, where row locks are not replicated, the write
-- puts the row in both transactions' write sets, so one of two instances racing for the same
-- account loses certification (1213) and is repeated. Other accounts never touch this row.
ALTER TABLE account ADD COLUMN issuing_serial BIGINT NOT NULL DEFAULT 0;

-- How many configurations one account may create for a profile in the portal (apps have their own
-- server-wide cap, tunnelgate.api.max-active-configurations).
ALTER TABLE vpn_profile ADD COLUMN max_portal_configurations INT NOT NULL DEFAULT 5;
