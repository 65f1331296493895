package org.tunnelgate.stats.entity;

import java.time.LocalDate;

/** One profile's UTC day: how many different people connected, and the most connections at one sample. */
public record DailyFigures(LocalDate day, String profileId, int uniqueUsers, int maxConcurrent) {}
