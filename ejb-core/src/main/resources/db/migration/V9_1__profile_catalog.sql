-- One number for the whole set of profiles, raised in the same transaction as every change to a
-- profile or its node shares (create, edit, delete, import, the node tool). Each controller instance
-- keeps the parsed profiles in memory and, per request, reads only this row (a primary-key read): a
-- number it has not seen means an admin changed something on some instance, and it reloads. One row
-- rather than the per-profile version column, so that deleting a profile and creating one of the same
-- id (whose version starts again at 1) is a change too. Written only by admins' rare edits, so it is
-- no hot row for Galera.
CREATE TABLE profile_catalog (
    id       TINYINT NOT NULL,
    version  BIGINT  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_profile_catalog_one_row CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO profile_catalog (id, version) VALUES (1, 1);
