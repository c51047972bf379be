package io.sweepstream.producer.spec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The 15 hyperparameters a run takes, named like the long forms of the {@code sweep train} flags,
 * with their type, domain and default. This enum is the one table every check and every default
 * comes from.
 *
 * <table>
 *   <caption>Defaults and domains</caption>
 *   <tr><th>name</th><th>default</th><th>domain</th></tr>
 *   <tr><td>epochs</td><td>5</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>batch_size</td><td>64</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>loss</td><td>cross_entropy</td><td>cross_entropy, mean_squared_error</td></tr>
 *   <tr><td>optimizer</td><td>adam</td><td>sgd, momentum, nag, rmsprop, adam, nadam</td></tr>
 *   <tr><td>learning_rate</td><td>1e-3</td><td>&gt; 0</td></tr>
 *   <tr><td>momentum</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta1</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta2</td><td>0.999</td><td>[0, 1)</td></tr>
 *   <tr><td>epsilon</td><td>1e-8</td><td>&gt; 0</td></tr>
 *   <tr><td>weight_decay</td><td>0</td><td>&gt;= 0</td></tr>
 *   <tr><td>weight_init</td><td>xavier</td><td>random, xavier, he</td></tr>
 *   <tr><td>num_layers</td><td>3</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>hidden_size</td><td>64</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>activation</td><td>relu</td><td>identity, sigmoid, tanh, relu</td></tr>
 * </table>
 *
 * <p>Categorical values are matched case-insensitively and stored in lower case ({@code ReLU} →
 * {@code relu}, {@code Xavier} → {@code xavier}). Integers are {@link Integer}, reals {@link Double}
 * (finite), categoricals {@link String}.
 */
public enum Hyperparameter {
    EPOCHS("epochs", Type.INT, 5, Range.atLeast(1)),
    BATCH_SIZE("batch_size", Type.INT, 64, Range.atLeast(1)),
    LOSS("loss", "cross_entropy", "cross_entropy", "mean_squared_error"),
    OPTIMIZER("optimizer", "adam", "sgd", "momentum", "nag", "rmsprop", "adam", "nadam"),
    LEARNING_RATE("learning_rate", Type.REAL, 1e-3, Range.above(0)),
    MOMENTUM("momentum", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA("beta", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA1("beta1", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA2("beta2", Type.REAL, 0.999, Range.UNIT_HALF_OPEN),
    EPSILON("epsilon", Type.REAL, 1e-8, Range.above(0)),
    WEIGHT_DECAY("weight_decay", Type.REAL, 0.0, Range.atLeast(0)),
    WEIGHT_INIT("weight_init", "xavier", "random", "xavier", "he"),
    NUM_LAYERS("num_layers", Type.INT, 3, Range.atLeast(1)),
    HIDDEN_SIZE("hidden_size", Type.INT, 64, Range.atLeast(1)),
    ACTIVATION("activation", "relu", "identity", "sigmoid", "tanh", "relu");

    /** What kind of value a hyperparameter takes. */
    public enum Type { INT, REAL, CATEGORICAL }

    private final String specName;
    private final Type type;
    private final Object defaultValue;
    private final Range range;              // null for categoricals
    private final List<String> choices;     // empty for numbers

    Hyperparameter(String specName, Type type, Object defaultValue, Range range) {
        this.specName = specName;
        this.type = type;
        this.defaultValue = defaultValue;
        this.range = range;
        this.choices = List.of();
    }

    Hyperparameter(String specName, String defaultValue, String... choices) {
        this.specName = specName;
        this.type = Type.CATEGORICAL;
        this.defaultValue = defaultValue;
        this.range = null;
        this.choices = List.of(choices);
    }

    /** The name in spec files and run configs, e.g. {@code learning_rate}. */
    public String specName() {
        return specName;
    }

    public Type type() {
        return type;
    }

    /** The value a run gets when the spec does not mention this hyperparameter (already canonical). */
    public Object defaultValue() {
        return defaultValue;
    }

    /** The allowed numeric values; empty for categoricals. */
    public Optional<Range> range() {
        return Optional.ofNullable(range);
    }

    /** The allowed categorical values in canonical (lower-case) form; empty for numbers. */
    public List<String> choices() {
        return choices;
    }

    /** The hyperparameter named {@code name} exactly (canonical names are lower case), or empty. */
    public static Optional<Hyperparameter> fromSpecName(String name) {
        return Arrays.stream(values()).filter(h -> h.specName.equals(name)).findFirst();
    }

    /** All names, in table order, comma-separated (for error messages). */
    public static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(Hyperparameter::specName).toList());
    }

    /**
     * Checks {@code raw} (as read from YAML/JSON or drawn by a search) against this hyperparameter's
     * type and domain and returns it in canonical form.
     *
     * @throws IllegalArgumentException naming the value found and what is allowed (without the
     *                                  parameter name; callers prefix the path)
     */
    public Object canonicalise(Object raw) {
        return switch (type) {
            case INT -> {
                int value = toInt(raw);
                if (!range.contains(value)) {
                    throw new IllegalArgumentException("must be " + range + ", found " + value);
                }
                yield value;
            }
            case REAL -> {
                double value = toFiniteDouble(raw);
                if (!range.contains(value)) {
                    throw new IllegalArgumentException("must be " + range + ", found " + value);
                }
                yield value;
            }
            case CATEGORICAL -> {
                if (!(raw instanceof String text)) {
                    throw new IllegalArgumentException("must be one of " + String.join(", ", choices)
                            + ", found " + describe(raw));
                }
                String lower = text.toLowerCase(Locale.ROOT);
                if (!choices.contains(lower)) {
                    throw new IllegalArgumentException("unknown " + specName + " \"" + text + "\"; allowed: "
                            + String.join(", ", choices));
                }
                yield lower;
            }
        };
    }

    private static int toInt(Object raw) {
        // Integral doubles (5.0) are accepted because JSON writers and q_ distributions produce them.
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long || raw instanceof BigInteger || raw instanceof Double) {
            double d = ((Number) raw).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new IllegalArgumentException("must be an integer, found " + describe(raw));
    }

    private static double toFiniteDouble(Object raw) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException("must be a finite number, found " + describe(raw));
    }

    /** How a value found in a spec is shown in messages: strings quoted, null as {@code null}. */
    static String describe(Object raw) {
        if (raw instanceof String s) {
            return "\"" + s + "\"";
        }
        if (raw instanceof java.util.Map) {
            return "a map";
        }
        if (raw instanceof java.util.List) {
            return "a list";
        }
        return String.valueOf(raw);
    }

    /**
     * A numeric domain: an interval whose ends are open or closed. Printed the way error messages
     * state it: {@code > 0}, {@code >= 1}, {@code in [0, 1)}.
     */
    public record Range(double low, boolean lowInclusive, double high, boolean highInclusive) {
        static final Range UNIT_HALF_OPEN = new Range(0, true, 1, false);

        static Range above(double low) {
            return new Range(low, false, Double.POSITIVE_INFINITY, false);
        }

        static Range atLeast(double low) {
            return new Range(low, true, Double.POSITIVE_INFINITY, false);
        }

        public boolean contains(double x) {
            boolean aboveLow = lowInclusive ? x >= low : x > low;
            boolean belowHigh = highInclusive ? x <= high : x < high;
            return aboveLow && belowHigh;
        }

        /** Whether the interval has a finite upper end (then normal-like distributions can overshoot it). */
        public boolean boundedAbove() {
            return Double.isFinite(high);
        }

        @Override
        public String toString() {
            if (!boundedAbove()) {
                return (lowInclusive ? ">= " : "> ") + format(low);
            }
            return "in " + (lowInclusive ? "[" : "(") + format(low) + ", " + format(high) + (highInclusive ? "]" : ")");
        }

        private static String format(double x) {
            return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
        }
    }
}
