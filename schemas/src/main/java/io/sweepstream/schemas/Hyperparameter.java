package io.sweepstream.schemas;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.sweepstream.schemas.avro.ActivationKind;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.InitKind;
import io.sweepstream.schemas.avro.LossKind;
import io.sweepstream.schemas.avro.OptimizerKind;

/**
 * The one table of the 15 hyperparameters a run takes: the name (as in spec files and the long
 * {@code sweep train} flags), the short flag of the classic assignment's {@code train.py}, the type,
 * the domain, the spec default, and how the value sits in the Avro {@link Hyperparameters} record.
 * The spec validator, {@code sweep train}, the engine's configs, the evaluator, the reports and the
 * dashboard all read their names and domains from here; categorical choices are the Avro enum's
 * symbols in lower case, so the wire contract and the table cannot disagree.
 *
 * <table>
 *   <caption>Defaults and domains</caption>
 *   <tr><th>name</th><th>flag</th><th>spec default</th><th>domain</th></tr>
 *   <tr><td>epochs</td><td>-e</td><td>5</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>batch_size</td><td>-b</td><td>64</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>loss</td><td>-l</td><td>cross_entropy</td><td>cross_entropy, mean_squared_error</td></tr>
 *   <tr><td>optimizer</td><td>-o</td><td>adam</td><td>sgd, momentum, nag, rmsprop, adam, nadam</td></tr>
 *   <tr><td>learning_rate</td><td>-lr</td><td>1e-3</td><td>&gt; 0</td></tr>
 *   <tr><td>momentum</td><td>-m</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta</td><td>-beta</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta1</td><td>-beta1</td><td>0.9</td><td>[0, 1)</td></tr>
 *   <tr><td>beta2</td><td>-beta2</td><td>0.999</td><td>[0, 1)</td></tr>
 *   <tr><td>epsilon</td><td>-eps</td><td>1e-8</td><td>&gt; 0</td></tr>
 *   <tr><td>weight_decay</td><td>-w_d</td><td>0</td><td>&gt;= 0</td></tr>
 *   <tr><td>weight_init</td><td>-w_i</td><td>xavier</td><td>random, xavier, he</td></tr>
 *   <tr><td>num_layers</td><td>-nhl</td><td>3</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>hidden_size</td><td>-sz</td><td>64</td><td>integer &gt;= 1</td></tr>
 *   <tr><td>activation</td><td>-a</td><td>relu</td><td>identity, sigmoid, tanh, relu</td></tr>
 * </table>
 *
 * <p>Canonical values: integers are {@link Integer}, reals {@link Double} (finite), categoricals
 * lower-case {@link String}s; categorical input is matched case-insensitively ({@code ReLU} →
 * {@code relu}). Whether a real is searched on a log scale is the spec's choice (its distribution),
 * not the table's.
 */
public enum Hyperparameter {
    EPOCHS("epochs", "e", "Passes over the training set.", Type.INT, 5, Range.atLeast(1)),
    BATCH_SIZE("batch_size", "b", "Mini-batch size.", Type.INT, 64, Range.atLeast(1), "bs"),
    LOSS("loss", "l", "Training loss.", "cross_entropy", LossKind.class),
    OPTIMIZER("optimizer", "o", "Gradient-descent variant.", "adam", OptimizerKind.class),
    LEARNING_RATE("learning_rate", "lr", "Step size.", Type.REAL, 1e-3, Range.above(0)),
    MOMENTUM("momentum", "m", "Momentum of momentum and nag.", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA("beta", "beta", "Squared-gradient decay of rmsprop.", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA1("beta1", "beta1", "First-moment decay of adam and nadam.", Type.REAL, 0.9, Range.UNIT_HALF_OPEN),
    BETA2("beta2", "beta2", "Second-moment decay of adam and nadam.", Type.REAL, 0.999, Range.UNIT_HALF_OPEN),
    EPSILON("epsilon", "eps", "Added to denominators of rmsprop, adam and nadam.", Type.REAL, 1e-8, Range.above(0)),
    WEIGHT_DECAY("weight_decay", "w_d", "L2 weight decay on weights (0 disables it).", Type.REAL, 0.0, Range.atLeast(0), "wd"),
    WEIGHT_INIT("weight_init", "w_i", "Weight initialisation.", "xavier", InitKind.class),
    NUM_LAYERS("num_layers", "nhl", "Hidden layers.", Type.INT, 3, Range.atLeast(1)),
    HIDDEN_SIZE("hidden_size", "sz", "Units per hidden layer.", Type.INT, 64, Range.atLeast(1)),
    ACTIVATION("activation", "a", "Activation of the hidden layers.", "relu", ActivationKind.class);

    /** What kind of value a hyperparameter takes. */
    public enum Type { INT, REAL, CATEGORICAL }

    /** Every name, in table order (the order of {@code sweep train --help}, report columns and dashboard tables). */
    public static final List<String> NAMES = Arrays.stream(values()).map(Hyperparameter::specName).toList();

    private final String specName;
    private final String flag;
    private final List<String> otherAbbreviations;
    private final String description;
    private final Type type;
    private final Object defaultValue;
    private final Range range;              // null for categoricals
    private final List<String> choices;     // empty for numbers

    Hyperparameter(String specName, String flag, String description, Type type, Object defaultValue, Range range,
                   String... otherAbbreviations) {
        this.specName = specName;
        this.flag = flag;
        this.otherAbbreviations = List.of(otherAbbreviations);
        this.description = description;
        this.type = type;
        this.defaultValue = defaultValue;
        this.range = range;
        this.choices = List.of();
    }

    Hyperparameter(String specName, String flag, String description, String defaultValue,
                   Class<? extends Enum<?>> avroEnum) {
        this.specName = specName;
        this.flag = flag;
        this.otherAbbreviations = List.of();
        this.description = description;
        this.type = Type.CATEGORICAL;
        this.defaultValue = defaultValue;
        this.range = null;
        this.choices = Arrays.stream(avroEnum.getEnumConstants()).map(Hyperparameter::lower).toList();
    }

    /** The name in spec files, run configs, reports and the long {@code sweep train} flag, e.g. {@code learning_rate}. */
    public String specName() {
        return specName;
    }

    /** The short flag of {@code sweep train} (and {@code train.py}) without its dash, e.g. {@code lr}. */
    public String flag() {
        return flag;
    }

    /** Both flags of {@code sweep train} as error messages name them, e.g. {@code -lr/--learning_rate}. */
    public String flags() {
        return "-" + flag + "/--" + specName;
    }

    /** What people abbreviate this name to: the short flag, then common abbreviations ({@code bs}, {@code wd}). */
    public List<String> abbreviations() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(flag), otherAbbreviations.stream()).toList();
    }

    /** One sentence for help texts and the dashboard. */
    public String description() {
        return description;
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

    /** The allowed categorical values in canonical (lower-case) form, in Avro symbol order; empty for numbers. */
    public List<String> choices() {
        return choices;
    }

    /** The domain as messages and help texts state it: {@code > 0}, {@code in [0, 1)}, {@code one of sgd, ...}. */
    public String domain() {
        return type == Type.CATEGORICAL ? "one of " + String.join(", ", choices) : range.toString();
    }

    /** The hyperparameter named {@code name} exactly (canonical names are lower case), or empty. */
    public static Optional<Hyperparameter> fromSpecName(String name) {
        return Arrays.stream(values()).filter(h -> h.specName.equals(name)).findFirst();
    }

    /** All names, in table order, comma-separated (for error messages). */
    public static String allowedNames() {
        return String.join(", ", NAMES);
    }

    /**
     * Checks a number given to the engine or on the command line against this hyperparameter's
     * domain (NaN and infinities fall outside every domain) and returns it.
     *
     * @param field how the caller names the value in the message, e.g. {@code learningRate}
     * @throws IllegalArgumentException {@code "<field> must be <domain>, found <value>"}
     */
    public double require(String field, double value) {
        check(field, value, value);
        return value;
    }

    /** {@link #require(String, double)} for integers. */
    public int require(String field, int value) {
        check(field, value, value);
        return value;
    }

    private void check(String field, double value, Number shown) {
        if (range == null || !range.contains(value)) {
            throw new IllegalArgumentException(field + " must be " + domain() + ", found " + shown);
        }
    }

    /** The value of this hyperparameter in {@code h}, canonical (Integer, Double or lower-case String). */
    public Object read(Hyperparameters h) {
        return switch (this) {
            case EPOCHS -> h.getEpochs();
            case BATCH_SIZE -> h.getBatchSize();
            case LOSS -> lower(h.getLoss());
            case OPTIMIZER -> lower(h.getOptimizer());
            case LEARNING_RATE -> h.getLearningRate();
            case MOMENTUM -> h.getMomentum();
            case BETA -> h.getBeta();
            case BETA1 -> h.getBeta1();
            case BETA2 -> h.getBeta2();
            case EPSILON -> h.getEpsilon();
            case WEIGHT_DECAY -> h.getWeightDecay();
            case WEIGHT_INIT -> lower(h.getWeightInit());
            case NUM_LAYERS -> h.getNumLayers();
            case HIDDEN_SIZE -> h.getHiddenSize();
            case ACTIVATION -> lower(h.getActivation());
        };
    }

    /** Sets this hyperparameter on {@code b} from a canonical value (see {@link #canonicalise}). */
    public void write(Hyperparameters.Builder b, Object canonical) {
        switch (this) {
            case EPOCHS -> b.setEpochs((Integer) canonical);
            case BATCH_SIZE -> b.setBatchSize((Integer) canonical);
            case LOSS -> b.setLoss(LossKind.valueOf(upper(canonical)));
            case OPTIMIZER -> b.setOptimizer(OptimizerKind.valueOf(upper(canonical)));
            case LEARNING_RATE -> b.setLearningRate((Double) canonical);
            case MOMENTUM -> b.setMomentum((Double) canonical);
            case BETA -> b.setBeta((Double) canonical);
            case BETA1 -> b.setBeta1((Double) canonical);
            case BETA2 -> b.setBeta2((Double) canonical);
            case EPSILON -> b.setEpsilon((Double) canonical);
            case WEIGHT_DECAY -> b.setWeightDecay((Double) canonical);
            case WEIGHT_INIT -> b.setWeightInit(InitKind.valueOf(upper(canonical)));
            case NUM_LAYERS -> b.setNumLayers((Integer) canonical);
            case HIDDEN_SIZE -> b.setHiddenSize((Integer) canonical);
            case ACTIVATION -> b.setActivation(ActivationKind.valueOf(upper(canonical)));
        }
    }

    /** The wire record of a complete set of canonical values (every hyperparameter present). */
    public static Hyperparameters toAvro(Map<Hyperparameter, ?> canonical) {
        Hyperparameters.Builder b = Hyperparameters.newBuilder();
        for (Hyperparameter h : values()) {
            Object v = canonical.get(h);
            if (v == null) {
                throw new IllegalArgumentException("no value for " + h.specName);
            }
            h.write(b, v);
        }
        return b.build();
    }

    /** The value of this hyperparameter in {@code h} as a spec writes it: {@code 0.001}, {@code adam}, {@code 64}. */
    public String text(Hyperparameters h) {
        Object v = read(h);
        return v instanceof Double d ? number(d) : v.toString();
    }

    /** {@link #text(Hyperparameters)} by name; throws naming the allowed names when there is no such hyperparameter. */
    public static String text(Hyperparameters h, String name) {
        return fromSpecName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown hyperparameter \"" + name + "\"; allowed: " + allowedNames()))
                .text(h);
    }

    /** Numbers as a spec writes them: {@code 0.001}, {@code 5.0E-4} becomes {@code 0.0005}, {@code 3.0} becomes {@code 3}. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(Object canonical) {
        return ((String) canonical).toUpperCase(Locale.ROOT);
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
    public static String describe(Object raw) {
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
