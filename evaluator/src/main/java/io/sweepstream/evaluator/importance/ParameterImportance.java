package io.sweepstream.evaluator.importance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Which hyperparameters explain a sweep's metric, as W&B's parameter-importance panel does:
 * <ul>
 *   <li><b>Correlation</b>: numeric parameters, Pearson's r of the value (its log when the spec draws it
 *       log-scaled) with the metric; categorical ones (optimizer, activation, ...), the correlation
 *       ratio eta = sqrt(between-category sum of squares / total sum of squares), in [0, 1].</li>
 *   <li><b>Importance</b>: a {@link RegressionForest} of the metric on the parameters (numeric as one
 *       column, categorical one-hot), then permutation importance: how much the forest's squared error
 *       on the runs grows when one parameter's values (all its one-hot columns together) are shuffled
 *       among the runs, averaged over {@link #REPEATS} shuffles, negative clipped to 0, as a share of the sum.</li>
 * </ul>
 * Parameters with one value in every run are left out. Deterministic for a given seed.
 */
public final class ParameterImportance {

    /** Fewer runs than this give no importance: a forest on three points says nothing. */
    public static final int MIN_RUNS = 5;
    /** The forest fits at most this many runs (a seeded sample of them), so a big sweep's summary stays cheap. */
    static final int MAX_RUNS = 1000;
    static final int REPEATS = 3;

    private ParameterImportance() {
    }

    /**
     * @param parameters the swept parameters, each with one value per run
     * @param metric     the metric of each run, in the same order; all finite
     * @return most important first (ties by name); empty with fewer than {@link #MIN_RUNS} runs
     */
    public static List<Importance> of(List<Parameter> parameters, double[] metric, long seed) {
        for (Parameter p : parameters) {
            if (p.values().size() != metric.length) {
                throw new IllegalArgumentException(p.name() + " has " + p.values().size() + " values for " + metric.length + " runs");
            }
        }
        if (metric.length < MIN_RUNS) {
            return List.of();
        }
        Random random = new Random(seed);
        int[] rows = sample(metric.length, random);
        double[] y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = metric[rows[i]];
        }

        List<Encoded> encoded = new ArrayList<>();
        int columns = 0;
        for (Parameter p : parameters) {
            Encoded e = Encoded.of(p, rows, columns);
            if (e != null) {
                encoded.add(e);
                columns += e.columns.length;
            }
        }
        if (encoded.isEmpty()) {
            return List.of();
        }
        double[][] x = new double[rows.length][columns];
        for (Encoded e : encoded) {
            for (int c = 0; c < e.columns.length; c++) {
                for (int i = 0; i < rows.length; i++) {
                    x[i][e.first + c] = e.columns[c][i];
                }
            }
        }

        RegressionForest forest = RegressionForest.fit(x, y, random.nextLong());
        double baseline = meanSquaredError(forest, x, y);
        double[] raw = new double[encoded.size()];
        double total = 0;
        for (int p = 0; p < encoded.size(); p++) {
            Encoded e = encoded.get(p);
            double increase = 0;
            for (int r = 0; r < REPEATS; r++) {
                increase += meanSquaredError(forest, permuted(x, e, random), y) - baseline;
            }
            raw[p] = Math.max(0, increase / REPEATS);
            total += raw[p];
        }
        List<Importance> out = new ArrayList<>();
        for (int p = 0; p < encoded.size(); p++) {
            Encoded e = encoded.get(p);
            out.add(new Importance(e.name, total > 0 ? raw[p] / total : 0, e.correlation(y), e.categorical));
        }
        out.sort(Comparator.comparingDouble(Importance::importance).reversed().thenComparing(Importance::parameter));
        return List.copyOf(out);
    }

    /** Pearson's r, or NaN when either side is constant. */
    static double pearson(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b);
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va == 0 || vb == 0 ? Double.NaN : cov / Math.sqrt(va * vb);
    }

    /** The correlation ratio of {@code y} on the categories, or NaN when {@code y} is constant. */
    static double correlationRatio(List<String> categories, double[] y) {
        double m = mean(y);
        double total = 0;
        for (double v : y) {
            total += (v - m) * (v - m);
        }
        if (total == 0) {
            return Double.NaN;
        }
        double between = 0;
        for (String category : new TreeSet<>(categories)) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < y.length; i++) {
                if (categories.get(i).equals(category)) {
                    sum += y[i];
                    n++;
                }
            }
            between += n * (sum / n - m) * (sum / n - m);
        }
        return Math.sqrt(between / total);
    }

    private static int[] sample(int n, Random random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= MAX_RUNS) {
            return all;
        }
        for (int i = 0; i < MAX_RUNS; i++) { // partial Fisher-Yates: the first MAX_RUNS are a uniform sample
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, MAX_RUNS);
    }

    private static double[][] permuted(double[][] x, Encoded e, Random random) {
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = x[i].clone();
            for (int c = 0; c < e.columns.length; c++) {
                out[i][e.first + c] = x[order[i]][e.first + c];
            }
        }
        return out;
    }

    private static double meanSquaredError(RegressionForest forest, double[][] x, double[] y) {
        double e = 0;
        for (int i = 0; i < y.length; i++) {
            double d = forest.predict(x[i]) - y[i];
            e += d * d;
        }
        return e / y.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** A parameter as forest columns: one numeric column, or one 0/1 column per category. */
    private static final class Encoded {
        final String name;
        final boolean categorical;
        final int first;
        final double[][] columns;
        final double[] numeric;
        final List<String> categories;

        private Encoded(String name, boolean categorical, int first, double[][] columns, double[] numeric, List<String> categories) {
            this.name = name;
            this.categorical = categorical;
            this.first = first;
            this.columns = columns;
            this.numeric = numeric;
            this.categories = categories;
        }

        /** The encoding of {@code p} on the sampled rows, or null when it has one value only. */
        static Encoded of(Parameter p, int[] rows, int first) {
            List<String> values = new ArrayList<>();
            for (int r : rows) {
                values.add(p.values().get(r));
            }
            TreeSet<String> distinct = new TreeSet<>(values);
            if (distinct.size() < 2) {
                return null;
            }
            double[] all = p.numeric();
            if (all != null) {
                double[] x = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    x[i] = all[rows[i]];
                }
                return new Encoded(p.name(), false, first, new double[][] {x}, x, values);
            }
            double[][] oneHot = new double[distinct.size()][rows.length];
            int c = 0;
            for (String category : distinct) {
                for (int i = 0; i < rows.length; i++) {
                    oneHot[c][i] = values.get(i).equals(category) ? 1 : 0;
                }
                c++;
            }
            return new Encoded(p.name(), true, first, oneHot, null, values);
        }

        double correlation(double[] y) {
            return categorical ? correlationRatio(categories, y) : pearson(numeric, y);
        }
    }
}
