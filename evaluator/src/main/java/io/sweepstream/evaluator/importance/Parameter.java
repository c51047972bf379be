package io.sweepstream.evaluator.importance;

import java.util.List;
import java.util.Objects;

/**
 * One swept hyperparameter and its value in each run, as a spec writes values.
 *
 * @param name      e.g. {@code learning_rate}
 * @param logScaled whether the spec draws it log-uniformly or log-normally: its log is the feature
 * @param values    one per run, in the runs' order
 */
public record Parameter(String name, boolean logScaled, List<String> values) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
    }

    /**
     * The numeric feature of each run, or null when some value is not a number (then the parameter is
     * categorical and one-hot encoded). Log-scaled parameters take the log, unless a value is not positive.
     */
    double[] numeric() {
        double[] x = new double[values.size()];
        boolean positive = true;
        for (int i = 0; i < x.length; i++) {
            try {
                x[i] = Double.parseDouble(values.get(i));
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(x[i])) {
                return null;
            }
            positive &= x[i] > 0;
        }
        if (logScaled && positive) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.log(x[i]);
            }
        }
        return x;
    }
}
