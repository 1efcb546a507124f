package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What to score.
 *
 * @param features folder of the feature table ({@code date=…} partitions)
 * @param clusters folder of the coordination stage's clusters ({@code date=…} partitions), when there is one
 * @param date the day to score
 * @param out output folder: {@code scores/date=…/}, {@code scores.csv}, {@code score-manifest.json}
 */
public record ScoreRequest(String features, Optional<String> clusters, LocalDate date, String out) {
    public ScoreRequest {
        requireNonNull(features, "features is null");
        requireNonNull(clusters, "clusters is null");
        requireNonNull(date, "date is null");
        requireNonNull(out, "out is null");
    }
}
