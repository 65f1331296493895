package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tunnelgate.peer.boundary.AddressPools;
import org.tunnelgate.peer.entity.PoolUse;
import org.tunnelgate.portal.web.Times;
import org.tunnelgate.stats.boundary.Statistics;
import org.tunnelgate.stats.entity.DailyFigures;
import org.tunnelgate.stats.entity.Sample;

/**
 * Statistics in the console ({@code /admin/statistics}): per profile the daily unique users and
 * most concurrent connections of the last {@value #DAYS} days, the live connections of the last day
 * (the 5-minute samples, summed over the nodes) and the address-pool use now. Each is a table
 * (readable without JavaScript) and a chart (Chart.js, served from the EAR, fed from the canvas's
 * {@code data-chart} attribute: no inline script); CSV of the same at {@code /admin/statistics.csv}.
 */
@Named
@RequestScoped
public class StatisticsBacking {

    static final int DAYS = 30;
    static final Duration LIVE_SPAN = Duration.ofDays(1);

    @Inject
    Statistics statistics;

    @Inject
    AddressPools pools;

    @Inject
    Times times;

    private List<DailyFigures> days;
    private List<Sample> samples;
    private List<PoolUse> poolUse;

    public List<DailyFigures> getDays() {
        if (days == null) {
            days = statistics.days(DAYS);
        }
        return days;
    }

    public List<Sample> getSamples() {
        if (samples == null) {
            samples = statistics.samples(LIVE_SPAN);
        }
        return samples;
    }

    public List<PoolUse> getPools() {
        if (poolUse == null) {
            poolUse = pools.use();
        }
        return poolUse;
    }

    /** The live connections per sampling moment and profile, summed over the nodes, oldest first. */
    public List<LivePoint> getLive() {
        Map<Instant, Map<String, Integer>> byMoment = new TreeMap<>();
        for (Sample s : getSamples()) {
            byMoment.computeIfAbsent(s.sampledAt(), k -> new TreeMap<>()).merge(s.profileId(), s.connections(), Integer::sum);
        }
        List<LivePoint> points = new ArrayList<>();
        byMoment.forEach((at, perProfile) -> perProfile.forEach((profile, count) -> points.add(new LivePoint(at, profile, count))));
        return points;
    }

    /** One profile's live connections at one sampling moment. */
    public record LivePoint(Instant at, String profileId, int connections) {}

    public String getDailyUsersChart() {
        return dailyChart(true);
    }

    public String getDailyConcurrentChart() {
        return dailyChart(false);
    }

    private String dailyChart(boolean users) {
        TreeSet<LocalDate> labels = new TreeSet<>();
        Map<String, Map<LocalDate, Integer>> series = new TreeMap<>();
        for (DailyFigures d : getDays()) {
            labels.add(d.day());
            series.computeIfAbsent(d.profileId(), k -> new TreeMap<>()).put(d.day(), users ? d.uniqueUsers() : d.maxConcurrent());
        }
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        series.forEach((profile, values) -> {
            JsonArrayBuilder data = Json.createArrayBuilder();
            labels.forEach(day -> data.add(values.getOrDefault(day, 0)));
            datasets.add(Json.createObjectBuilder().add("label", profile).add("data", data));
        });
        JsonArrayBuilder names = Json.createArrayBuilder();
        labels.forEach(day -> names.add(day.toString()));
        return chart("bar", names, datasets);
    }

    public String getLiveChart() {
        TreeSet<Instant> moments = new TreeSet<>();
        Map<String, Map<Instant, Integer>> series = new TreeMap<>();
        for (LivePoint p : getLive()) {
            moments.add(p.at());
            series.computeIfAbsent(p.profileId(), k -> new TreeMap<>()).put(p.at(), p.connections());
        }
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        series.forEach((profile, values) -> {
            JsonArrayBuilder data = Json.createArrayBuilder();
            moments.forEach(at -> data.add(values.getOrDefault(at, 0)));
            datasets.add(Json.createObjectBuilder().add("label", profile).add("data", data));
        });
        JsonArrayBuilder names = Json.createArrayBuilder();
        moments.forEach(at -> names.add(times.timeOfDay(at)));
        return chart("line", names, datasets);
    }

    public String getPoolChart() {
        JsonArrayBuilder names = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (PoolUse pool : getPools()) {
            names.add(pool.profileId() + " " + pool.protocol().apiName());
            data.add(pool.percent());
        }
        return chart("bar", names, Json.createArrayBuilder().add(Json.createObjectBuilder().add("label", "% in use").add("data", data)));
    }

    private static String chart(String type, JsonArrayBuilder labels, JsonArrayBuilder datasets) {
        JsonObjectBuilder chart = Json.createObjectBuilder().add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets));
        return chart.build().toString();
    }
}
