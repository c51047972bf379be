package io.sweepstream.schemas;

import java.util.Locale;
import java.util.OptionalDouble;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.RunResult;

/**
 * The metric a sweep ranks its runs by ({@code SweepDefinition.metricName}), read from a run's
 * result (and its last epoch): the contract between a spec's metric names and the result fields.
 */
public enum SweepMetric {
    VAL_ACCURACY, VAL_LOSS, TEST_ACCURACY, TEST_LOSS, TRAIN_ACCURACY, TRAIN_LOSS;

    public static SweepMetric parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown metric \"" + name + "\"; allowed: val_accuracy, val_loss, test_accuracy, test_loss, train_accuracy, train_loss");
        }
    }

    /** The run's value of this metric, or empty when the run has none (failed before an epoch). */
    public OptionalDouble of(RunResult result, EpochMetric lastEpoch) {
        Double v = switch (this) {
            case VAL_ACCURACY -> result.getBestValAccuracy();
            case VAL_LOSS -> result.getFinalValLoss();
            case TEST_ACCURACY -> result.getTestAccuracy();
            case TEST_LOSS -> result.getTestLoss();
            case TRAIN_ACCURACY -> lastEpoch == null ? null : lastEpoch.getTrainAccuracy();
            case TRAIN_LOSS -> lastEpoch == null ? null : lastEpoch.getTrainLoss();
        };
        return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * This metric's value after one epoch, or empty for the test metrics, which a run measures only
     * once, at its end (so early termination cannot use them).
     */
    public OptionalDouble ofEpoch(EpochMetric epoch) {
        return switch (this) {
            case VAL_ACCURACY -> OptionalDouble.of(epoch.getValAccuracy());
            case VAL_LOSS -> OptionalDouble.of(epoch.getValLoss());
            case TRAIN_ACCURACY -> OptionalDouble.of(epoch.getTrainAccuracy());
            case TRAIN_LOSS -> OptionalDouble.of(epoch.getTrainLoss());
            case TEST_ACCURACY, TEST_LOSS -> OptionalDouble.empty();
        };
    }

    /** Whether every epoch reports this metric ({@link #ofEpoch} is never empty). */
    public boolean perEpoch() {
        return this != TEST_ACCURACY && this != TEST_LOSS;
    }

    /** Negative when {@code a} is better than {@code b} under {@code goal}. */
    public static int compare(double a, double b, MetricGoal goal) {
        return goal == MetricGoal.MAXIMIZE ? Double.compare(b, a) : Double.compare(a, b);
    }
}
