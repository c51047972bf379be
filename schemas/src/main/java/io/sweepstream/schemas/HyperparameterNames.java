package io.sweepstream.schemas;

import java.util.List;
import java.util.Locale;

import io.sweepstream.schemas.avro.Hyperparameters;

/**
 * The contract between a spec's parameter names ({@code learning_rate}, the long flags of
 * {@code sweep train}) and the fields of {@link Hyperparameters}; values are written the way a spec
 * writes them (lower-case enum names, plain numbers).
 */
public final class HyperparameterNames {

    /** Every hyperparameter, in the order of {@code sweep train --help}. */
    public static final List<String> ALL = List.of(
            "epochs", "batch_size", "loss", "optimizer", "learning_rate", "momentum", "beta", "beta1", "beta2",
            "epsilon", "weight_decay", "weight_init", "num_layers", "hidden_size", "activation");

    private HyperparameterNames() {
    }

    /** The value of {@code name} in {@code h}, as a spec would write it. */
    public static String valueOf(Hyperparameters h, String name) {
        return switch (name) {
            case "epochs" -> Integer.toString(h.getEpochs());
            case "batch_size" -> Integer.toString(h.getBatchSize());
            case "loss" -> lower(h.getLoss());
            case "optimizer" -> lower(h.getOptimizer());
            case "learning_rate" -> number(h.getLearningRate());
            case "momentum" -> number(h.getMomentum());
            case "beta" -> number(h.getBeta());
            case "beta1" -> number(h.getBeta1());
            case "beta2" -> number(h.getBeta2());
            case "epsilon" -> number(h.getEpsilon());
            case "weight_decay" -> number(h.getWeightDecay());
            case "weight_init" -> lower(h.getWeightInit());
            case "num_layers" -> Integer.toString(h.getNumLayers());
            case "hidden_size" -> Integer.toString(h.getHiddenSize());
            case "activation" -> lower(h.getActivation());
            default -> throw new IllegalArgumentException("unknown hyperparameter \"" + name + "\"; allowed: " + String.join(", ", ALL));
        };
    }

    /** Numbers as a spec writes them: {@code 0.001}, {@code 5.0E-4} becomes {@code 0.0005}. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
