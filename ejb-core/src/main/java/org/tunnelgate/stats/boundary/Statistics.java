package org.tunnelgate.stats.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.platform.ClusterJobs;
import org.tunnelgate.platform.ControllerInstance;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.stats.control.StatisticsStore;
import org.tunnelgate.stats.entity.DailyFigures;
import org.tunnelgate.stats.entity.LiveSessions;
import org.tunnelgate.stats.entity.Sample;

/**
 * Statistics of the VPN service. One scheduled job, {@code stats-sample}, run once per
 * {@link #PERIOD} for the whole cluster (see {@link ControllerInstance#claim}; every instance ticks
 * every 2 s to keep or take over the lease): it records the live sessions of the connection log per
 * profile and node, stamped with the period's start, and recomputes today's figures per profile
 * (unique users from the connection log, the most concurrent connections from the samples) — and
 * yesterday's, in the first period after midnight UTC, so a day's last sessions are counted.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Statistics {

    public static final Duration PERIOD = Duration.ofMinutes(5);
    static final Duration KEEP_SAMPLES = Duration.ofDays(31);
    static final int KEEP_DAYS = 400;
    private static final Logger LOG = Logger.getLogger(Statistics.class.getName());

    @EJB
    ControllerInstance instance;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            instance.claim("stats-sample", PERIOD).ifPresent(this::sample);
        } catch (RuntimeException e) {
            LOG.warning(() -> "statistics sample failed, the next period retries: " + e);
        } finally {
            running.set(false);
        }
    }

    /** One period's sample and the day's figures (also called by tests and the bench with a run of their own). */
    public void sample(ClusterJobs.Run run) {
        Instant at = run.periodStart();
        LocalDate today = StatisticsStore.dayOf(at);
        JdbcTransaction.run(dataSource, c -> {
            StatisticsStore.sample(c, at, run.fencingToken());
            return null;
        });
        JdbcTransaction.run(dataSource, c -> {
            StatisticsStore.aggregate(c, today);
            if (StatisticsStore.dayOf(at.minus(PERIOD)).isBefore(today)) {
                StatisticsStore.aggregate(c, today.minusDays(1));
                StatisticsStore.prune(c, at.minus(KEEP_SAMPLES), today.minusDays(KEEP_DAYS));
            }
            return null;
        });
    }

    /** The sessions open now per node, profile and protocol (cluster-wide, from the connection log). */
    public List<LiveSessions> live() {
        return JdbcTransaction.run(dataSource, StatisticsStore::live);
    }

    /** The samples of the last {@code span}, oldest first. */
    public List<Sample> samples(Duration span) {
        return JdbcTransaction.run(dataSource, c -> StatisticsStore.samples(c, clock.instant().minus(span)));
    }

    /** The daily figures of the last {@code days} UTC days (today included), oldest first. */
    public List<DailyFigures> days(int days) {
        LocalDate from = StatisticsStore.dayOf(clock.instant()).minusDays(days - 1L);
        return JdbcTransaction.run(dataSource, c -> StatisticsStore.days(c, from));
    }
}
