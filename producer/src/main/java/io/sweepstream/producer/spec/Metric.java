package io.sweepstream.producer.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metric a sweep optimises and ranks runs by.
 *
 * <p>Canonical names are {@link #NAMES}. W&B sweep files often use other spellings for the same
 * thing, so {@link #ALIASES} maps a few of them to the canonical name:
 * {@code val_acc}, {@code validation_accuracy}, {@code accuracy} → {@code val_accuracy};
 * {@code validation_loss} → {@code val_loss}; {@code train_acc} → {@code train_accuracy};
 * {@code test_acc} → {@code test_accuracy}.
 *
 * @param name canonical metric name
 * @param goal whether larger or smaller is better
 */
public record Metric(String name, Goal goal) {

    /** Whether a sweep looks for the largest or the smallest metric value. */
    public enum Goal {
        MAXIMIZE, MINIMIZE;

        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The metric names runs report. */
    public static final List<String> NAMES =
            List.of("val_accuracy", "val_loss", "train_accuracy", "train_loss", "test_accuracy", "test_loss");

    /** Other spellings accepted in spec files, mapped to canonical names. */
    public static final Map<String, String> ALIASES = Map.of(
            "val_acc", "val_accuracy",
            "validation_accuracy", "val_accuracy",
            "accuracy", "val_accuracy",
            "validation_loss", "val_loss",
            "train_acc", "train_accuracy",
            "test_acc", "test_accuracy");

    /** Used when a spec has no {@code metric} block (W&B allows that for grid and random). */
    public static final Metric DEFAULT = new Metric("val_accuracy", Goal.MAXIMIZE);

    public Metric {
        Objects.requireNonNull(goal, "goal");
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown metric \"" + name + "\"; allowed: " + String.join(", ", NAMES));
        }
    }

    /** The canonical name for {@code text} (a canonical name or an alias, case-insensitive), or empty. */
    public static Optional<String> canonicalName(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return Optional.of(lower);
        }
        return Optional.ofNullable(ALIASES.get(lower));
    }

    /**
     * The goal implied by a metric name when a spec gives none: accuracies are maximised, losses
     * minimised. (W&B defaults to minimize whatever the metric; we infer instead, because minimising
     * an accuracy is never what a user means.)
     */
    public static Goal impliedGoal(String canonicalName) {
        return canonicalName.endsWith("_accuracy") ? Goal.MAXIMIZE : Goal.MINIMIZE;
    }

    /** Whether {@code a} is a better metric value than {@code b} under this metric's goal. */
    public boolean isBetter(double a, double b) {
        return goal == Goal.MAXIMIZE ? a > b : a < b;
    }
}
