package io.sweepstream.producer.spec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.sweepstream.schemas.SweepMetric;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.sweepstream.schemas.Hyperparameter;

/**
 * Reads a sweep spec written as YAML or JSON (SnakeYAML reads both) in the W&B sweep configuration
 * format plus our keys, and validates all of it, reporting every problem at once.
 *
 * <p>Decisions a user may want to know about:
 * <ul>
 *   <li>Parameters keep the order of the file; the grid varies the last one fastest.</li>
 *   <li>A parameter with {@code min}/{@code max} and no {@code distribution} is {@code int_uniform}
 *       when both bounds are integers, else {@code uniform} (as W&B infers). {@code q} defaults to 1,
 *       {@code mu} to 0 and {@code sigma} to 1 (W&B's defaults).</li>
 *   <li>Grid search enumerates {@code value}, {@code values} and {@code int_uniform}; it rejects every
 *       other distribution. Grid ignores {@code probabilities}.</li>
 *   <li>A distribution must only draw values inside its hyperparameter's domain: both ends of a
 *       uniform-family range (after {@code q} rounding) must be in the domain, and a normal-family
 *       distribution is rejected where it could draw outside it (normal everywhere, log_normal on
 *       parameters bounded above such as momentum). Integer hyperparameters take {@code int_uniform}
 *       or a {@code q_} distribution with an integer {@code q}.</li>
 *   <li>Without a {@code metric} block the metric is {@code val_accuracy}, maximised (bayes requires one).
 *       Without a {@code goal}, accuracies are maximised and losses minimised.</li>
 *   <li>{@code seed} defaults to 0; {@code dataset} to {@code fashion_mnist}; {@code name} to {@code sweep}.</li>
 *   <li>{@code program}, {@code command}, {@code project}, {@code entity} and {@code description} are
 *       accepted and ignored, so a W&B file runs unchanged.</li>
 *   <li>{@code early_terminate} takes W&B's keys ({@code type: hyperband}, {@code min_iter}, or {@code max_iter}
 *       with {@code s}, {@code eta} (default 3), {@code strict} (default false)) and needs a metric every epoch
 *       reports; giving both {@code min_iter} and {@code max_iter} is an error (W&B would ignore min_iter).</li>
 *   <li>Duplicate keys are an error (SnakeYAML would otherwise keep the last one silently).</li>
 * </ul>
 */
public final class SpecParser {

    private static final List<String> TOP_LEVEL_KEYS = List.of(
            "name", "method", "metric", "run_cap", "parameters", "dataset", "seed", "parallelism",
            "followup", "early_terminate", "program", "command", "project", "entity", "description");
    private static final Set<String> IGNORED_KEYS = Set.of("program", "command", "project", "entity", "description");
    private static final List<String> METRIC_KEYS = List.of("name", "goal", "target");
    private static final List<String> FOLLOWUP_KEYS = List.of("dataset", "top_k");
    private static final List<String> EARLY_TERMINATE_KEYS = List.of("type", "min_iter", "max_iter", "s", "eta", "strict");
    private static final List<String> PARAMETER_KEYS =
            List.of("value", "values", "probabilities", "distribution", "min", "max", "mu", "sigma", "q");
    private static final Set<String> DISTRIBUTION_KEYS = Set.of("distribution", "min", "max", "mu", "sigma", "q");

    /**
     * Names people write for our parameters: the short flags of the classic assignment's
     * {@code train.py} and common abbreviations, from the hyperparameter table. Used only to suggest
     * the right name.
     */
    private static final Map<String, String> NAME_HINTS = java.util.Arrays.stream(Hyperparameter.values())
            .flatMap(h -> h.abbreviations().stream().filter(a -> !a.equals(h.specName())).map(a -> Map.entry(a, h.specName())))
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /** A spec is a page of text; the examples are under 2,000 characters. */
    static final int MAX_CHARS = 1_000_000;
    /** Anchors and aliases are fine (a shared list of values), but only a few. */
    static final int MAX_ALIASES = 50;
    /** The deepest spec is root, parameters, name, values, a list: 5 levels. */
    static final int MAX_NESTING = 20;

    private final String text;
    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecParser(String text) {
        this.text = text;
    }

    /** Parses and validates {@code text}; throws {@link SpecException} listing every problem. */
    public static SweepSpec parse(String text) {
        return new SpecParser(text).parse();
    }

    /** Reads {@code file} as UTF-8, then {@link #parse(String)}. */
    public static SweepSpec parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private SweepSpec parse() {
        Object document = load();
        if (document == null) {
            throw new SpecException(problems);
        }
        if (!(document instanceof Map<?, ?> root)) {
            problem("spec", "must be a map of keys (method, parameters, ...), found " + Hyperparameter.describe(document));
            throw new SpecException(problems);
        }
        for (Object key : root.keySet()) {
            String name = String.valueOf(key);
            if (Hyperparameter.fromSpecName(name).isPresent()) {
                problem(name, "is a hyperparameter; put it under parameters, e.g. parameters: {" + name + ": {value: ...}}");
            } else if (!TOP_LEVEL_KEYS.contains(name)) {
                problem(name, "unknown key" + suggestion(name, TOP_LEVEL_KEYS, Map.of())
                        + "; allowed: " + String.join(", ", TOP_LEVEL_KEYS));
            }
        }
        String name = root.containsKey("name") ? string("name", root.get("name")) : "sweep";
        SearchMethod method = method(root);
        Metric metric = metric(root, method);
        Optional<Integer> runCap = root.containsKey("run_cap")
                ? Optional.ofNullable(positiveInt("run_cap", root.get("run_cap"))) : Optional.empty();
        Optional<Integer> parallelism = root.containsKey("parallelism")
                ? Optional.ofNullable(positiveInt("parallelism", root.get("parallelism"))) : Optional.empty();
        Dataset dataset = root.containsKey("dataset") ? dataset("dataset", root.get("dataset")) : Dataset.FASHION_MNIST;
        long seed = root.containsKey("seed") ? seed(root.get("seed")) : 0L;
        Map<String, ParameterSpec> parameters = parameters(root.get("parameters"));
        Optional<Followup> followup = followup(root.get("followup"));
        Optional<EarlyTermination> earlyTerminate = earlyTerminate(root.get("early_terminate"), metric);
        if (method == SearchMethod.GRID) {
            checkGrid(parameters, runCap);
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new SweepSpec(name, method, metric, runCap, dataset, seed, parallelism, parameters,
                followup, earlyTerminate, text);
    }

    // ---- document --------------------------------------------------------------------------

    private Object load() {
        if (text.length() > MAX_CHARS) {
            problem("spec", "too large: " + text.length() + " characters; a sweep spec is at most " + MAX_CHARS);
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Limits against hostile or broken files (SnakeYAML has defaults; ours are a spec's size):
        // a billion-laughs file multiplies a few aliases into millions of nodes, deep nesting
        // overflows the stack, and a huge file only costs memory.
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CHARS);
        // SafeConstructor builds only maps, lists and scalars: a spec cannot instantiate classes.
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Object document = yaml.load(text);
            if (document == null) {
                problem("spec", "is empty; expected a map with at least method and parameters");
            }
            return document;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            problem("spec", "invalid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            problem("spec", "invalid YAML: " + e.getMessage());
        }
        return null;
    }

    // ---- top-level sections ----------------------------------------------------------------

    private SearchMethod method(Map<?, ?> root) {
        if (!root.containsKey("method")) {
            problem("method", "required; allowed: " + SearchMethod.allowed());
            return null;
        }
        Object raw = root.get("method");
        Optional<SearchMethod> method = raw instanceof String s ? SearchMethod.fromSpecName(s) : Optional.empty();
        if (method.isEmpty()) {
            problem("method", "unknown method " + Hyperparameter.describe(raw) + "; allowed: " + SearchMethod.allowed());
        }
        return method.orElse(null);
    }

    private Metric metric(Map<?, ?> root, SearchMethod method) {
        if (!root.containsKey("metric")) {
            if (method == SearchMethod.BAYES) {
                problem("metric", "required for bayes search: bayes needs to know what to optimise");
            }
            return Metric.DEFAULT;
        }
        Map<?, ?> block = map("metric", root.get("metric"), METRIC_KEYS);
        if (block == null) {
            return Metric.DEFAULT;
        }
        String allowedNames = String.join(", ", Metric.NAMES) + " (aliases: " + String.join(", ", Metric.ALIASES.keySet().stream().sorted().toList()) + ")";
        Object rawName = block.get("name");
        Optional<String> name = rawName instanceof String s ? Metric.canonicalName(s) : Optional.empty();
        if (rawName == null) {
            problem("metric.name", "required; allowed: " + allowedNames);
        } else if (name.isEmpty()) {
            problem("metric.name", "unknown metric " + Hyperparameter.describe(rawName) + "; allowed: " + allowedNames);
        }
        Metric.Goal goal = null;
        if (block.containsKey("goal")) {
            Object rawGoal = block.get("goal");
            for (Metric.Goal g : Metric.Goal.values()) {
                if (rawGoal instanceof String s && g.specName().equalsIgnoreCase(s)) {
                    goal = g;
                }
            }
            if (goal == null) {
                problem("metric.goal", "unknown goal " + Hyperparameter.describe(rawGoal) + "; allowed: maximize, minimize");
            }
        }
        if (block.containsKey("target") && !(block.get("target") instanceof Number)) {
            problem("metric.target", "must be a number, found " + Hyperparameter.describe(block.get("target")));
        }
        if (name.isEmpty()) {
            return Metric.DEFAULT;
        }
        if (method == SearchMethod.BAYES && name.get().startsWith("train_")) {
            // Results carry validation and test metrics; the train_* ones live only in the per-epoch stream.
            problem("metric.name", "bayes search learns from run results, which carry val_accuracy, val_loss, test_accuracy "
                    + "and test_loss; " + name.get() + " is not among them");
        }
        return new Metric(name.get(), goal != null ? goal : Metric.impliedGoal(name.get()));
    }

    private Dataset dataset(String path, Object raw) {
        Optional<Dataset> dataset = raw instanceof String s ? Dataset.fromSpecName(s) : Optional.empty();
        if (dataset.isEmpty()) {
            problem(path, "unknown dataset " + Hyperparameter.describe(raw) + "; allowed: " + Dataset.allowed());
        }
        return dataset.orElse(Dataset.FASHION_MNIST);
    }

    private long seed(Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        problem("seed", "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                + ", found " + Hyperparameter.describe(raw));
        return 0;
    }

    private Optional<Followup> followup(Object raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Map<?, ?> block = map("followup", raw, FOLLOWUP_KEYS);
        if (block == null) {
            return Optional.empty();
        }
        Dataset dataset = block.containsKey("dataset") ? dataset("followup.dataset", block.get("dataset")) : Followup.DEFAULT_DATASET;
        Integer topK = block.containsKey("top_k") ? positiveInt("followup.top_k", block.get("top_k")) : Integer.valueOf(Followup.DEFAULT_TOP_K);
        return topK == null ? Optional.empty() : Optional.of(new Followup(dataset, topK)); // a problem is reported already
    }

    private Optional<EarlyTermination> earlyTerminate(Object raw, Metric metric) {
        if (raw == null) {
            return Optional.empty();
        }
        String path = "early_terminate";
        Map<?, ?> block = map(path, raw, EARLY_TERMINATE_KEYS);
        if (block == null) {
            return Optional.empty();
        }
        int before = problems.size();
        Object type = block.get("type");
        if (type == null) {
            problem(path + ".type", "required; allowed: hyperband");
        } else if (!"hyperband".equals(type)) {
            problem(path + ".type", "unknown type " + Hyperparameter.describe(type) + "; allowed: hyperband");
        }
        Integer minIter = block.containsKey("min_iter") ? positiveInt(path + ".min_iter", block.get("min_iter")) : null;
        Integer maxIter = block.containsKey("max_iter") ? positiveInt(path + ".max_iter", block.get("max_iter")) : null;
        Integer s = block.containsKey("s") ? positiveInt(path + ".s", block.get("s")) : null;
        if (block.containsKey("min_iter") && block.containsKey("max_iter")) {
            problem(path, "give min_iter or max_iter, not both");
        } else if (!block.containsKey("min_iter") && !block.containsKey("max_iter")) {
            problem(path, "give min_iter (the first bracket, in epochs) or max_iter with s (brackets at max_iter / eta^k, k = 1..s)");
        } else if (block.containsKey("max_iter") && !block.containsKey("s")) {
            problem(path + ".s", "required with max_iter: the number of brackets below it");
        } else if (block.containsKey("min_iter") && block.containsKey("s")) {
            problem(path + ".s", "goes with max_iter only; min_iter's brackets are min_iter * eta^k");
        }
        double eta = EarlyTermination.DEFAULT_ETA;
        if (block.containsKey("eta")) {
            Object rawEta = block.get("eta");
            if (rawEta instanceof Number n && n.doubleValue() > 1 && Double.isFinite(n.doubleValue())) {
                eta = n.doubleValue();
            } else {
                problem(path + ".eta", "must be a number > 1, found " + Hyperparameter.describe(rawEta));
            }
        }
        boolean strict = false;
        if (block.containsKey("strict")) {
            if (block.get("strict") instanceof Boolean b) {
                strict = b;
            } else {
                problem(path + ".strict", "must be true or false, found " + Hyperparameter.describe(block.get("strict")));
            }
        }
        if (maxIter != null && s != null && maxIter / eta < 1) {
            problem(path + ".max_iter", "max_iter / eta = " + maxIter + " / " + (block.containsKey("eta") ? block.get("eta") : 3)
                    + " is below 1 epoch, so there is no bracket; raise max_iter or lower eta");
        }
        if (!SweepMetric.parse(metric.name()).perEpoch()) {
            problem(path, "needs a metric every epoch reports (val_accuracy, val_loss, train_accuracy, train_loss); metric.name is "
                    + metric.name() + ", measured once at the end of a run");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(minIter != null
                ? EarlyTermination.fromMinIter(minIter, eta, strict)
                : EarlyTermination.fromMaxIter(maxIter, s, eta, strict));
    }

    // ---- parameters ------------------------------------------------------------------------

    private Map<String, ParameterSpec> parameters(Object raw) {
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        if (raw == null) {
            problem("parameters", "required: a map from hyperparameter name to value, values or distribution; names: "
                    + Hyperparameter.allowedNames());
            return parameters;
        }
        if (!(raw instanceof Map<?, ?> block)) {
            problem("parameters", "must be a map from hyperparameter name to its values, found " + Hyperparameter.describe(raw));
            return parameters;
        }
        for (Map.Entry<?, ?> entry : block.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String path = "parameters." + name;
            if (name.equals("dataset")) {
                problem(path, "dataset is a top-level key, not a parameter; write it at the top level, e.g. dataset: mnist");
                continue;
            }
            Optional<Hyperparameter> h = Hyperparameter.fromSpecName(name);
            if (h.isEmpty()) {
                problem(path, "unknown parameter" + suggestion(name, Hyperparameter.NAMES, NAME_HINTS)
                        + "; allowed: " + Hyperparameter.allowedNames());
                continue;
            }
            ParameterSpec spec = parameter(h.get(), path, entry.getValue());
            if (spec != null) {
                parameters.put(name, spec);
            }
        }
        return parameters;
    }

    private ParameterSpec parameter(Hyperparameter h, String path, Object raw) {
        Map<?, ?> block = map(path, raw, PARAMETER_KEYS);
        if (block == null) {
            return null;
        }
        List<String> forms = new ArrayList<>();
        if (block.containsKey("value")) {
            forms.add("value");
        }
        if (block.containsKey("values")) {
            forms.add("values");
        }
        if (block.keySet().stream().anyMatch(DISTRIBUTION_KEYS::contains)) {
            forms.add("distribution");
        }
        if (forms.size() != 1) {
            problem(path, "give exactly one of value, values or distribution (min/max, mu/sigma)"
                    + (forms.isEmpty() ? "" : ", found " + String.join(" and ", forms)));
            return null;
        }
        if (block.containsKey("probabilities") && !forms.get(0).equals("values")) {
            problem(path + ".probabilities", "only allowed with values");
            return null;
        }
        return switch (forms.get(0)) {
            case "value" -> {
                Object value = canonical(h, path + ".value", block.get("value"));
                yield value == null ? null : new ParameterSpec.Fixed(value);
            }
            case "values" -> categorical(h, path, block);
            default -> distribution(h, path, block);
        };
    }

    private ParameterSpec categorical(Hyperparameter h, String path, Map<?, ?> block) {
        Object rawValues = block.get("values");
        if (!(rawValues instanceof List<?> list)) {
            problem(path + ".values", "must be a list, found " + Hyperparameter.describe(rawValues));
            return null;
        }
        if (list.isEmpty()) {
            problem(path + ".values", "must not be empty");
            return null;
        }
        int before = problems.size();
        List<Object> values = new ArrayList<>();
        Map<Object, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Object value = canonical(h, path + ".values[" + i + "]", list.get(i));
            if (value == null) {
                continue;
            }
            Integer previous = firstIndex.putIfAbsent(value, i);
            if (previous != null) {
                // A duplicate would silently run the same grid point twice.
                problem(path + ".values[" + i + "]", "duplicate of values[" + previous + "] (" + value + ")");
            }
            values.add(value);
        }
        Optional<List<Double>> probabilities = Optional.empty();
        if (block.containsKey("probabilities")) {
            probabilities = probabilities(path + ".probabilities", block.get("probabilities"), list.size());
        }
        if (problems.size() != before) {
            return null;
        }
        return new ParameterSpec.Categorical(values, probabilities);
    }

    private Optional<List<Double>> probabilities(String path, Object raw, int valueCount) {
        if (!(raw instanceof List<?> list)) {
            problem(path, "must be a list of numbers, found " + Hyperparameter.describe(raw));
            return Optional.empty();
        }
        if (list.size() != valueCount) {
            problem(path, "has " + list.size() + " entries but values has " + valueCount);
            return Optional.empty();
        }
        List<Double> probabilities = new ArrayList<>();
        boolean allValid = true;
        for (int i = 0; i < list.size(); i++) {
            Object p = list.get(i);
            if (!(p instanceof Number n) || !(n.doubleValue() >= 0) || !Double.isFinite(n.doubleValue())) {
                problem(path + "[" + i + "]", "must be a number >= 0, found " + Hyperparameter.describe(p));
                allValid = false;
            } else {
                probabilities.add(n.doubleValue());
            }
        }
        if (!allValid) {
            return Optional.empty();
        }
        double sum = probabilities.stream().mapToDouble(Double::doubleValue).sum();
        if (!(Math.abs(sum - 1) <= ParameterSpec.Categorical.PROBABILITY_TOLERANCE)) { // 1e-6
            problem(path, "must sum to 1 (within 1e-6), found " + sum);
        }
        return Optional.of(probabilities);
    }

    private ParameterSpec distribution(Hyperparameter h, String path, Map<?, ?> block) {
        if (h.type() == Hyperparameter.Type.CATEGORICAL) {
            problem(path, h.specName() + " is categorical; use value or values (allowed: "
                    + String.join(", ", h.choices()) + ")");
            return null;
        }
        DistributionKind kind = distributionKind(path, block);
        if (kind == null) {
            return null;
        }
        int before = problems.size();
        List<String> reads = kind.family() == DistributionKind.Family.UNIFORM
                ? (kind.quantised() ? List.of("min", "max", "q") : List.of("min", "max"))
                : List.of("mu", "sigma");
        for (String key : List.of("min", "max", "mu", "sigma", "q")) {
            if (block.containsKey(key) && !reads.contains(key)) {
                problem(path + "." + key, "not used by " + kind.specName() + ", which reads " + String.join(", ", reads));
            }
        }
        ParameterSpec.Distribution distribution;
        if (kind.family() == DistributionKind.Family.UNIFORM) {
            double min = number(path, block, "min", kind, Double.NaN);
            double max = number(path, block, "max", kind, Double.NaN);
            double q = number(path, block, "q", kind, 1.0);   // W&B's default q
            if (problems.size() != before || !generic(path, kind, min, max, Double.NaN, Double.NaN, q)) {
                return null;
            }
            distribution = ParameterSpec.Distribution.bounded(kind, min, max, q);
        } else {
            double mu = number(path, block, "mu", kind, 0.0);      // W&B's defaults
            double sigma = number(path, block, "sigma", kind, 1.0);
            if (problems.size() != before || !generic(path, kind, Double.NaN, Double.NaN, mu, sigma, Double.NaN)) {
                return null;
            }
            distribution = ParameterSpec.Distribution.normal(kind, mu, sigma);
        }
        return withinDomain(h, path, distribution) ? distribution : null;
    }

    private DistributionKind distributionKind(String path, Map<?, ?> block) {
        Object raw = block.get("distribution");
        if (raw == null) {
            if (block.containsKey("min") && block.containsKey("max")) {
                // W&B's inference: integer bounds mean int_uniform, anything else uniform.
                return isInteger(block.get("min")) && isInteger(block.get("max"))
                        ? DistributionKind.INT_UNIFORM : DistributionKind.UNIFORM;
            }
            if (block.containsKey("mu") || block.containsKey("sigma")) {
                problem(path + ".distribution", "required with mu/sigma; allowed: normal, log_normal");
            } else {
                problem(path, "a distribution needs both min and max");
            }
            return null;
        }
        Optional<DistributionKind> kind = raw instanceof String s ? DistributionKind.fromSpecName(s) : Optional.empty();
        if (kind.isEmpty()) {
            String hint = "log_uniform".equals(raw)
                    ? " (W&B's log_uniform takes bounds as natural logs; write log_uniform_values with the values themselves)" : "";
            problem(path + ".distribution", "unknown distribution " + Hyperparameter.describe(raw) + "; allowed: "
                    + DistributionKind.allowed() + hint);
        }
        return kind.orElse(null);
    }

    private double number(String path, Map<?, ?> block, String key, DistributionKind kind, double fallback) {
        if (!block.containsKey(key)) {
            if (Double.isNaN(fallback)) {
                problem(path + "." + key, "required by " + kind.specName());
            }
            return fallback;
        }
        Object raw = block.get(key);
        if (raw instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problem(path + "." + key, "must be a finite number, found " + Hyperparameter.describe(raw));
        return Double.NaN;
    }

    /** Reports the domain-independent problems of a distribution; true when there are none. */
    private boolean generic(String path, DistributionKind kind, double min, double max, double mu, double sigma, double q) {
        List<SpecProblem> found = ParameterSpec.Distribution.problems(kind, min, max, mu, sigma, q);
        found.forEach(p -> problem(path + "." + p.path(), p.message()));
        return found.isEmpty();
    }

    /** Whether every value the distribution can draw is a valid value of {@code h}; reports why not. */
    private boolean withinDomain(Hyperparameter h, String path, ParameterSpec.Distribution d) {
        Hyperparameter.Range range = h.range().orElseThrow();
        DistributionKind kind = d.kind();
        if (h.type() == Hyperparameter.Type.INT) {
            boolean integral = kind == DistributionKind.INT_UNIFORM || (kind.quantised() && d.q() == Math.rint(d.q()));
            if (!integral) {
                problem(path + ".distribution", h.specName() + " takes integers but " + kind.specName()
                        + " draws reals; use int_uniform, or a q_ distribution with an integer q");
                return false;
            }
        }
        if (kind.family() == DistributionKind.Family.NORMAL) {
            // normal reaches every real; log_normal every positive real.
            boolean fits = kind == DistributionKind.LOG_NORMAL && !range.boundedAbove() && range.low() <= 0;
            if (!fits) {
                problem(path + ".distribution", kind.specName() + " can draw values outside " + h.specName()
                        + "'s domain (" + range + "); use a bounded distribution"
                        + (range.boundedAbove() ? "" : " or log_normal"));
            }
            return fits;
        }
        boolean fits = true;
        for (String end : List.of("min", "max")) {
            double written = end.equals("min") ? d.min() : d.max();
            // q_ kinds round their draws, so the reachable end is the rounded bound.
            double reachable = kind.quantised() ? Math.round(written / d.q()) * d.q() : written;
            if (h.type() == Hyperparameter.Type.INT && reachable > Integer.MAX_VALUE) {
                fits = false;
                problem(path + "." + end, "must be <= " + Integer.MAX_VALUE + " for " + h.specName() + ", found " + written);
            } else if (!range.contains(reachable)) {
                fits = false;
                problem(path + "." + end, reachable == written
                        ? "must be " + range + " for " + h.specName() + ", found " + written
                        : kind.specName() + " rounds " + written + " to " + reachable + ", which must be " + range);
            }
        }
        return fits;
    }

    private void checkGrid(Map<String, ParameterSpec> parameters, Optional<Integer> runCap) {
        long combinations = 1;
        for (Map.Entry<String, ParameterSpec> entry : parameters.entrySet()) {
            OptionalLong size = entry.getValue().gridSize();
            if (size.isEmpty()) {
                ParameterSpec.Distribution d = (ParameterSpec.Distribution) entry.getValue();
                problem("parameters." + entry.getKey(), "grid search cannot enumerate a " + d.kind().specName()
                        + " distribution; use value, values or int_uniform, or method: random");
                return;
            }
            combinations = SweepSpec.multiplySaturating(combinations, size.getAsLong());
        }
        // Run indices are ints: a bigger grid is only usable through its first run_cap combinations.
        if (combinations > Integer.MAX_VALUE && runCap.isEmpty()) {
            problem("parameters", "grid has " + (combinations == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : combinations)
                    + " combinations, more than " + Integer.MAX_VALUE + "; set run_cap or use fewer values");
        }
    }

    // ---- small helpers ---------------------------------------------------------------------

    private Object canonical(Hyperparameter h, String path, Object raw) {
        try {
            return h.canonicalise(raw);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    /** {@code raw} as a map whose keys are all in {@code allowed}, or null after reporting why not. */
    private Map<?, ?> map(String path, Object raw, List<String> allowed) {
        if (!(raw instanceof Map<?, ?> map)) {
            problem(path, "must be a map with keys " + String.join(", ", allowed) + ", found " + Hyperparameter.describe(raw));
            return null;
        }
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (!allowed.contains(name)) {
                problem(path + "." + name, "unknown key" + suggestion(name, allowed, Map.of())
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
        // Unknown keys are reported, and the rest of the block is still checked so every problem shows at once.
        return map;
    }

    private String string(String path, Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        problem(path, "must be a string, found " + Hyperparameter.describe(raw));
        return "";
    }

    private Integer positiveInt(String path, Object raw) {
        if (raw instanceof Integer i && i > 0) {
            return i;
        }
        problem(path, "must be a positive integer, found " + Hyperparameter.describe(raw));
        return null;
    }

    private static boolean isInteger(Object raw) {
        return raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger;
    }

    private void problem(String path, String message) {
        problems.add(new SpecProblem(path, message));
    }

    /**
     * {@code " (did you mean X?)"} for the allowed name closest to {@code found}: a known hint first,
     * then the same name with {@code -} and case normalised, then the nearest by edit distance if it
     * is close enough (at most a third of the name's length) to be a typo; else nothing.
     */
    static String suggestion(String found, List<String> allowed, Map<String, String> hints) {
        String normalised = found.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        String best = hints.get(normalised);
        if (best == null && allowed.contains(normalised)) {
            best = normalised;
        }
        if (best == null) {
            int bestDistance = Math.max(1, normalised.length() / 3) + 1;
            for (String candidate : allowed) {
                int distance = editDistance(normalised, candidate);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and swaps of neighbours as 1 each
     * (optimal string alignment), so the typo {@code valeus} is 1 away from {@code values}.
     */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
