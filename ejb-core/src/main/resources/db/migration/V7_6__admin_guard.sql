-- The last-admin rule under concurrency (issue 12): every change that may take an enabled admin
-- away (disable, demotion) first writes this one row, then counts the enabled admins. On one
-- MariaDB the row lock makes such changes take turns, and each counts after the one before it
-- committed; on Galera two of them on different nodes both wrote this row, so certification
-- refuses the second at commit (deadlock, 1213) and it changes nothing. Written only by admins'
-- rare disables and demotions, so it is no hot row. Logins, enabling and creating do not touch it.
CREATE TABLE admin_guard (
    id       TINYINT NOT NULL,
    changes  BIGINT  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_admin_guard_one_row CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO admin_guard (id, changes) VALUES (1, 0);
