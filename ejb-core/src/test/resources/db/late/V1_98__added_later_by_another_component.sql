-- Used by MigrationsIT only: a low version that shows up after higher ones were applied.
CREATE TABLE added_later (id BIGINT NOT NULL PRIMARY KEY);
