package io.sweepstream.producer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.sweepstream.schemas.Hyperparameter;

/**
 * How one hyperparameter varies across a sweep: a fixed {@code value}, a list of {@code values}, or
 * a {@code distribution}. Values held here are already canonical (see {@link Hyperparameter#canonicalise}).
 */
public sealed interface ParameterSpec {

    /**
     * How many distinct values grid search enumerates for this parameter, or empty when it cannot
     * enumerate them (continuous and normal distributions).
     */
    OptionalLong gridSize();

    /** {@code value: X}: every run gets X. */
    record Fixed(Object value) implements ParameterSpec {
        public Fixed {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public OptionalLong gridSize() {
            return OptionalLong.of(1);
        }
    }

    /**
     * {@code values: [...]}, optionally with {@code probabilities} (used by random search; grid search
     * enumerates every value and ignores them).
     */
    record Categorical(List<Object> values, Optional<List<Double>> probabilities) implements ParameterSpec {
        /** Tolerance on the sum of probabilities, for decimal rounding in hand-written files (1/3 as 0.3333333). */
        public static final double PROBABILITY_TOLERANCE = 1e-6;

        public Categorical {
            values = List.copyOf(values);
            probabilities = probabilities.map(List::copyOf);
            // The parser reports these with field paths; this is the safety net for code that builds specs.
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty");
            }
            if (probabilities.isPresent()) {
                List<Double> ps = probabilities.get();
                if (ps.size() != values.size()) {
                    throw new IllegalArgumentException(
                            "probabilities has " + ps.size() + " entries but values has " + values.size());
                }
                if (ps.stream().anyMatch(p -> !(p >= 0) || !Double.isFinite(p))) {
                    throw new IllegalArgumentException("probabilities must be finite and >= 0, found " + ps);
                }
                double sum = ps.stream().mapToDouble(Double::doubleValue).sum();
                if (!(Math.abs(sum - 1) <= PROBABILITY_TOLERANCE)) {
                    throw new IllegalArgumentException("probabilities must sum to 1, found " + sum);
                }
            }
        }

        @Override
        public OptionalLong gridSize() {
            return OptionalLong.of(values.size());
        }
    }

    /**
     * A distribution. Fields a kind does not read are {@code NaN}: the uniform family reads
     * {@code min}/{@code max}, the normal family {@code mu}/{@code sigma}, the {@code q_} kinds also {@code q}.
     */
    record Distribution(DistributionKind kind, double min, double max, double mu, double sigma, double q)
            implements ParameterSpec {

        public Distribution {
            Objects.requireNonNull(kind, "kind");
            List<SpecProblem> problems = problems(kind, min, max, mu, sigma, q);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.toString());
            }
        }

        /** A uniform-family distribution; {@code q} is ignored unless the kind is quantised. */
        public static Distribution bounded(DistributionKind kind, double min, double max, double q) {
            return new Distribution(kind, min, max, Double.NaN, Double.NaN, kind.quantised() ? q : Double.NaN);
        }

        /** A normal-family distribution. */
        public static Distribution normal(DistributionKind kind, double mu, double sigma) {
            return new Distribution(kind, Double.NaN, Double.NaN, mu, sigma, Double.NaN);
        }

        /**
         * What is wrong with these numbers for this kind, independent of any hyperparameter's domain;
         * shared with the parser so both say the same. Paths are relative: {@code min}, {@code q}...
         */
        static List<SpecProblem> problems(DistributionKind kind, double min, double max, double mu, double sigma, double q) {
            List<SpecProblem> problems = new ArrayList<>();
            if (kind.family() == DistributionKind.Family.UNIFORM) {
                if (!Double.isFinite(min) || !Double.isFinite(max)) {
                    problems.add(new SpecProblem("min", kind.specName() + " needs finite min and max, found " + min + " and " + max));
                    return problems;
                }
                if (min > max) {
                    problems.add(new SpecProblem("min", "min " + min + " is greater than max " + max));
                }
                if (kind.logarithmic() && min <= 0) {
                    problems.add(new SpecProblem("min", kind.specName() + " needs min > 0, found " + min));
                }
                if (kind == DistributionKind.INT_UNIFORM && (min != Math.rint(min) || max != Math.rint(max))) {
                    problems.add(new SpecProblem("min", "int_uniform needs integer min and max, found " + min + " and " + max));
                }
                if (kind.quantised() && !(q > 0 && Double.isFinite(q))) {
                    problems.add(new SpecProblem("q", "must be > 0, found " + q));
                }
            } else {
                if (!Double.isFinite(mu)) {
                    problems.add(new SpecProblem("mu", "must be a finite number, found " + mu));
                }
                if (!(sigma >= 0 && Double.isFinite(sigma))) {
                    problems.add(new SpecProblem("sigma", "must be >= 0, found " + sigma));
                }
            }
            return problems;
        }

        @Override
        public OptionalLong gridSize() {
            // Only int_uniform is enumerable: its values are min..max. Other kinds are continuous
            // (or, for q_ kinds, their grid would depend on floating-point rounding), so grid rejects them.
            if (kind == DistributionKind.INT_UNIFORM) {
                return OptionalLong.of((long) max - (long) min + 1);
            }
            return OptionalLong.empty();
        }
    }
}
