package org.tunnelgate.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means: the database answers and its schema is exactly what this build expects (nothing
 * pending, nothing failed). keepalived and load balancers route to an instance only when ready.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                return response.down().withData("reason", "database does not answer").build();
            }
        } catch (Exception e) {
            return response.down().withData("reason", "database unreachable").build();
        }
        try {
            var status = Migrations.status(dataSource);
            return response.status(status.upToDate())
                    .withData("schemaVersion", status.schemaVersion())
                    .withData("pendingMigrations", status.pending())
                    .withData("failedMigrations", status.failed())
                    .build();
        } catch (RuntimeException e) {
            return response.down().withData("reason", "cannot read the migration history").build();
        }
    }
}
