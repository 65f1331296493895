-- Used by MigrationsIT only: the first statement works, the second one is invalid SQL.
CREATE TABLE half_done (id BIGINT NOT NULL PRIMARY KEY);
CREATE TABLE this is not sql;
