-- The audit trail for the admin console: from which address an action came (NULL for actions
-- without a request, e.g. the command-line tool or a timer), and indexes for the searches the
-- console and the admin API offer — by actor, by target (an object's id), by action — each
-- newest first, so a page is an index range read however long the trail grows.
ALTER TABLE audit_entry
    ADD COLUMN from_address VARCHAR(45) NULL,
    ADD INDEX ix_audit_entry_actor (actor, id),
    ADD INDEX ix_audit_entry_target (target, id),
    ADD INDEX ix_audit_entry_action (action, id);
