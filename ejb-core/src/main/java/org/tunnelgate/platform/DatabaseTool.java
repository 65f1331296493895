package org.tunnelgate.platform;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What the launcher's database commands ({@code tunnelgate user …}, {@code tunnelgate node …}) share:
 * the connection from the environment ({@code TUNNELGATE_JDBC_URL}, {@code _USER}, {@code _PASSWORD}),
 * one transaction per command — all or nothing, so a refused command leaves nothing half-written and
 * a command's writes commit with its audit entry — and the exit status: 0 done, 2 bad input (the
 * message on stderr), 1 any other failure.
 */
public abstract class DatabaseTool {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    /** Refusals the operator can fix; everything else is exit status 1. */
    public static final class BadInput extends Exception {
        public BadInput(String message) {
            super(message);
        }
    }

    protected final Map<String, String> env;

    protected DatabaseTool(Map<String, String> env) {
        this.env = env;
    }

    /** Runs one command in its own transaction and answers the exit status. */
    public final int run(String[] args, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new BadInput(usage());
            }
            String url = env.get("TUNNELGATE_JDBC_URL");
            if (url == null || url.isBlank()) {
                throw new BadInput("TUNNELGATE_JDBC_URL is not set");
            }
            try (Connection db = DriverManager.getConnection(url, env.getOrDefault("TUNNELGATE_JDBC_USER", ""),
                    env.getOrDefault("TUNNELGATE_JDBC_PASSWORD", ""))) {
                db.setAutoCommit(false);
                try {
                    List<String> command = List.of(args);
                    dispatch(db, command.get(0), command.subList(1, command.size()));
                    db.commit();
                } catch (BadInput | SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                }
            }
            return OK;
        } catch (BadInput e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        } catch (SQLException | RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** Runs {@code command} with its arguments; {@link BadInput} for an unknown one. */
    protected abstract void dispatch(Connection db, String command, List<String> args) throws SQLException, BadInput;

    protected abstract String usage();
}
