package org.tunnelgate.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means: the database answers, its schema is exactly what this build expects (nothing
 * pending, nothing failed), and this instance can commit a write to it within a couple of seconds
 * ({@link WriteProbe}). keepalived and load balancers route to an instance only when ready, so an
 * instance cut off from the Galera cluster's primary component loses the virtual IP.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Clock clock;

    private WriteProbe writeProbe;
    /**
     * Once the schema is this build's, it stays so while this build runs (a newer release's
     * migrations add, never take away): Flyway's look at the history, which costs more than the
     * rest of the check, is not repeated every second keepalived asks.
     */
    private volatile Migrations.Status upToDate;

    @PostConstruct
    void init() {
        writeProbe = new WriteProbe(dataSource, executor, InstanceName.qualified(), Version.current(), clock.instant());
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database").withData("instance", InstanceName.current());
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                return response.down().withData("reason", "database does not answer").build();
            }
        } catch (Exception e) {
            return response.down().withData("reason", "database unreachable").build();
        }
        Migrations.Status status = upToDate;
        if (status == null) {
            try {
                status = Migrations.status(dataSource);
            } catch (RuntimeException e) {
                return response.down().withData("reason", "cannot read the migration history").build();
            }
            if (status.upToDate()) {
                upToDate = status;
            }
        }
        response.withData("schemaVersion", status.schemaVersion())
                .withData("pendingMigrations", status.pending())
                .withData("failedMigrations", status.failed());
        if (!status.upToDate()) {
            return response.down().build();
        }
        return writeProbe.failure(clock.instant())
                .map(reason -> response.down().withData("reason", reason).build())
                .orElseGet(() -> response.up().build());
    }
}
