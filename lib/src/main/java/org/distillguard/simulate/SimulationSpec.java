package org.distillguard.simulate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to simulate. Start from a preset ({@link #preset(String)}) and override single values with the
 * {@code with…} methods; the command line does the same (explicit flags over the preset).
 *
 * @param accounts number of accounts, benign and attacking
 * @param days number of consecutive UTC days, one output file each
 * @param start first day (UTC)
 * @param seed everything random derives from it: same spec, same bytes
 * @param scenario preset the population mix comes from: {@code demo}, {@code test}, {@code bench} or {@code hard}
 * @param attackShare share of accounts that distill, in [0, 0.9]
 * @param gzip write {@code .jsonl.gz} instead of {@code .jsonl}
 * @param corporaDirectory where the real prompt and trace files are; empty means the default resolution of
 *     {@link Corpora#resolveDirectory(Optional, java.util.function.Function)}
 */
public record SimulationSpec(
        int accounts,
        int days,
        LocalDate start,
        long seed,
        String scenario,
        double attackShare,
        boolean gzip,
        Optional<Path> corporaDirectory) {

    public static final String DEMO = "demo";
    public static final String TEST = "test";
    public static final String BENCH = "bench";
    public static final String HARD = "hard";
    public static final List<String> PRESETS = List.of(DEMO, TEST, BENCH, HARD);

    public static final int MAX_ACCOUNTS = 10_000_000;
    public static final int MAX_DAYS = 366;
    public static final double MAX_ATTACK_SHARE = 0.9;
    /** A Monday, so the first days of every preset are working days. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 11, 23);
    public static final long DEFAULT_SEED = 20261123L;

    public SimulationSpec {
        if (accounts < 1 || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("Invalid accounts: " + accounts + " (expected 1 to " + MAX_ACCOUNTS + ")");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("Invalid days: " + days + " (expected 1 to " + MAX_DAYS + ")");
        }
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(scenario, "scenario is null");
        if (!PRESETS.contains(scenario)) {
            throw new IllegalArgumentException("Invalid scenario: " + scenario + " (expected one of " + PRESETS + ")");
        }
        if (!(attackShare >= 0 && attackShare <= MAX_ATTACK_SHARE)) {
            throw new IllegalArgumentException(
                    "Invalid attack share: " + attackShare + " (expected a fraction from 0 to " + MAX_ATTACK_SHARE + ")");
        }
        Objects.requireNonNull(corporaDirectory, "corporaDirectory is null");
    }

    /**
     * The named preset: {@code demo} (a few hundred accounts, 3 days, seconds), {@code test} (tiny, for unit
     * tests), {@code bench} (100,000 accounts, 1 day, over a million rows) or {@code hard} (1% attackers, hydra
     * members lighter than the median benign account, many heavy legitimate users).
     */
    public static SimulationSpec preset(String name) {
        Objects.requireNonNull(name, "name is null");
        return switch (name) {
            case DEMO -> new SimulationSpec(150, 3, DEFAULT_START, DEFAULT_SEED, DEMO, 0.18, true, Optional.empty());
            case TEST -> new SimulationSpec(60, 2, DEFAULT_START, DEFAULT_SEED, TEST, 0.5, false, Optional.empty());
            case BENCH -> new SimulationSpec(100_000, 1, DEFAULT_START, DEFAULT_SEED, BENCH, 0.05, false, Optional.empty());
            case HARD -> new SimulationSpec(5_000, 3, DEFAULT_START, DEFAULT_SEED, HARD, 0.01, false, Optional.empty());
            default -> throw new IllegalArgumentException("Invalid preset: " + name + " (expected one of " + PRESETS + ")");
        };
    }

    public SimulationSpec withAccounts(int value) {
        return new SimulationSpec(value, days, start, seed, scenario, attackShare, gzip, corporaDirectory);
    }

    public SimulationSpec withDays(int value) {
        return new SimulationSpec(accounts, value, start, seed, scenario, attackShare, gzip, corporaDirectory);
    }

    public SimulationSpec withStart(LocalDate value) {
        return new SimulationSpec(accounts, days, value, seed, scenario, attackShare, gzip, corporaDirectory);
    }

    public SimulationSpec withSeed(long value) {
        return new SimulationSpec(accounts, days, start, value, scenario, attackShare, gzip, corporaDirectory);
    }

    public SimulationSpec withAttackShare(double value) {
        return new SimulationSpec(accounts, days, start, seed, scenario, value, gzip, corporaDirectory);
    }

    public SimulationSpec withGzip(boolean value) {
        return new SimulationSpec(accounts, days, start, seed, scenario, attackShare, value, corporaDirectory);
    }

    public SimulationSpec withCorporaDirectory(Path value) {
        return new SimulationSpec(accounts, days, start, seed, scenario, attackShare, gzip, Optional.of(value));
    }

    /**
     * When the simulated new model is released: the middle day of the window at 17:00 UTC (a one-day window
     * releases at 06:00 so the surge still lands inside it). Release chasers surge right after it.
     */
    public Instant releaseInstant() {
        if (days == 1) {
            return start.atTime(6, 0).toInstant(ZoneOffset.UTC);
        }
        return start.plusDays(days / 2).atTime(17, 0).toInstant(ZoneOffset.UTC);
    }

    boolean isHard() {
        return HARD.equals(scenario);
    }
}
