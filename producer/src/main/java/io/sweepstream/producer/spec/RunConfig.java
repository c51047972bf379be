package io.sweepstream.producer.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.Hyperparameter;

/**
 * The hyperparameters of one run: all 15 of {@link Hyperparameter}, by canonical name, in table
 * order, typed ({@link Integer}, {@link Double}, lower-case {@link String}) and inside their domains.
 *
 * @param values every hyperparameter's value; the compact constructor canonicalises and checks them
 */
public record RunConfig(Map<String, Object> values) {

    /** Both datasets have 28x28 images of 10 classes. */
    private static final int INPUTS = 28 * 28;
    private static final int CLASSES = 10;

    public RunConfig {
        List<String> problems = new ArrayList<>();
        for (String name : values.keySet()) {
            if (Hyperparameter.fromSpecName(name).isEmpty()) {
                problems.add(name + ": unknown hyperparameter; allowed: " + Hyperparameter.allowedNames());
            }
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (Hyperparameter h : Hyperparameter.values()) {
            if (!values.containsKey(h.specName())) {
                problems.add(h.specName() + ": missing");
                continue;
            }
            try {
                canonical.put(h.specName(), h.canonicalise(values.get(h.specName())));
            } catch (IllegalArgumentException e) {
                problems.add(h.specName() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid run config: " + String.join("; ", problems));
        }
        values = Collections.unmodifiableMap(canonical);
    }

    /** A config with {@code chosen} values and every other hyperparameter at its default. */
    public static RunConfig withDefaults(Map<String, ?> chosen) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Hyperparameter h : Hyperparameter.values()) {
            all.put(h.specName(), h.defaultValue());
        }
        all.putAll(chosen);
        return new RunConfig(all);
    }

    /** The config of a run that sets nothing: the defaults table of {@link Hyperparameter}. */
    public static RunConfig defaults() {
        return withDefaults(Map.of());
    }

    /**
     * Weights of the multilayer perceptron such a config trains: 28x28 inputs, {@code numLayers} hidden layers
     * of {@code hiddenSize} units, 10 classes (biases left out). What a run costs grows with it.
     */
    public static long weights(int numLayers, int hiddenSize) {
        return (long) INPUTS * hiddenSize + (long) (numLayers - 1) * hiddenSize * hiddenSize + (long) hiddenSize * CLASSES;
    }

    /** {@link #weights(int, int)} of this config's network. */
    public long weights() {
        return weights(getInt(Hyperparameter.NUM_LAYERS), getInt(Hyperparameter.HIDDEN_SIZE));
    }

    public Object get(Hyperparameter h) {
        return values.get(h.specName());
    }

    public int getInt(Hyperparameter h) {
        requireType(h, Hyperparameter.Type.INT);
        return (Integer) get(h);
    }

    public double getDouble(Hyperparameter h) {
        requireType(h, Hyperparameter.Type.REAL);
        return (Double) get(h);
    }

    public String getString(Hyperparameter h) {
        requireType(h, Hyperparameter.Type.CATEGORICAL);
        return (String) get(h);
    }

    /** By canonical name, e.g. {@code getInt("epochs")}. */
    public int getInt(String name) {
        return getInt(lookup(name));
    }

    public double getDouble(String name) {
        return getDouble(lookup(name));
    }

    public String getString(String name) {
        return getString(lookup(name));
    }

    private static Hyperparameter lookup(String name) {
        return Hyperparameter.fromSpecName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown hyperparameter \"" + name + "\"; allowed: " + Hyperparameter.allowedNames()));
    }

    private static void requireType(Hyperparameter h, Hyperparameter.Type type) {
        if (h.type() != type) {
            throw new IllegalArgumentException(h.specName() + " is " + h.type() + ", not " + type);
        }
    }
}
