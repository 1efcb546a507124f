package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

/**
 * What to train on.
 *
 * @param features folder of the feature table (Parquet, {@code date=…} partitions)
 * @param labels CSV file {@code account_id,label[,kind,cluster_id]}; label is {@code distill}/{@code benign} or 1/0
 */
public record TrainRequest(String features, String labels) {
    public TrainRequest {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
    }
}
