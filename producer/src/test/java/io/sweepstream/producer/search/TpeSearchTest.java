package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeSearchTest {
    private final TpeSearch tpe = new TpeSearch();

    /**
     * Every distribution kind and a categorical with probabilities, each on a hyperparameter whose domain
     * holds it. (normal fits no hyperparameter's domain, so validation refuses it everywhere.)
     */
    private static final String EVERY_KIND = """
            method: bayes
            metric: {name: val_accuracy, goal: maximize}
            run_cap: 40
            seed: 7
            parameters:
              learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}
              momentum: {distribution: uniform, min: 0.5, max: 0.95}
              num_layers: {distribution: int_uniform, min: 1, max: 6}
              hidden_size: {distribution: q_uniform, min: 32, max: 256, q: 32}
              batch_size: {distribution: q_log_uniform_values, min: 16, max: 256, q: 16}
              epsilon: {distribution: log_normal, mu: -18, sigma: 1}
              optimizer: {values: [sgd, adam, nadam], probabilities: [0.2, 0.5, 0.3]}
              epochs: {value: 2}
            """;

    /** A made-up metric with an optimum inside the domain of {@link #EVERY_KIND}. */
    private static double score(RunConfig c) {
        double lr = Math.log10(c.getDouble("learning_rate") / 1e-3);
        return 1 - lr * lr / 10 - Math.abs(c.getInt("num_layers") - 3) / 10.0 - (c.getString("optimizer").equals("adam") ? 0 : 0.2);
    }

    /** A whole sweep, one run at a time, each proposed after the previous one's result. */
    private List<RunConfig> sweep(SweepSpec spec, int runs, ToDoubleFunction<RunConfig> metric) {
        List<FinishedRun> history = new ArrayList<>();
        List<RunConfig> configs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RunConfig c = tpe.next(spec, i, SearchState.of(history), 1).get(0).config();
            configs.add(c);
            history.add(new FinishedRun(c, metric.applyAsDouble(c)));
        }
        return configs;
    }

    @Test
    void proposesOnlyValuesInsideEveryDistributionsDomain() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        for (RunConfig c : sweep(spec, 40, TpeSearchTest::score)) {
            double lr = c.getDouble("learning_rate");
            assertTrue(lr >= 1e-5 && lr <= 1e-1, c::toString);
            double momentum = c.getDouble("momentum");
            assertTrue(momentum >= 0.5 && momentum <= 0.95, c::toString);
            assertTrue(c.getInt("num_layers") >= 1 && c.getInt("num_layers") <= 6, c::toString);
            assertTrue(Set.of(32, 64, 96, 128, 160, 192, 224, 256).contains(c.getInt("hidden_size")), c::toString);
            assertEquals(0, c.getInt("batch_size") % 16, c::toString);
            assertTrue(c.getInt("batch_size") >= 16 && c.getInt("batch_size") <= 256, c::toString);
            assertTrue(c.getDouble("epsilon") > 0, c::toString);
            assertTrue(Set.of("sgd", "adam", "nadam").contains(c.getString("optimizer")), c::toString);
            assertEquals(2, c.getInt("epochs"));
        }
    }

    @Test
    void startsWithTheRunsOfARandomSweepWithTheSameSeed() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        List<RunConfig> configs = sweep(spec, 40, TpeSearchTest::score);
        int startup = TpeSearch.startupRuns(spec);

        assertEquals(10, startup, "a quarter of run_cap 40");
        for (int i = 0; i < startup; i++) {
            assertEquals(new RandomSearch().configAt(spec, i), configs.get(i), "run " + i);
        }
        assertNotEquals(new RandomSearch().configAt(spec, startup), configs.get(startup), "then the estimator proposes");
    }

    @Test
    void learnsFromResultsTowardsTheBetterRegion() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        List<RunConfig> configs = sweep(spec, 40, TpeSearchTest::score);

        long adamAtStart = configs.subList(0, 10).stream().filter(c -> c.getString("optimizer").equals("adam")).count();
        long adamAtEnd = configs.subList(30, 40).stream().filter(c -> c.getString("optimizer").equals("adam")).count();
        double meanScoreAtStart = configs.subList(0, 10).stream().mapToDouble(TpeSearchTest::score).average().orElseThrow();
        double meanScoreAtEnd = configs.subList(30, 40).stream().mapToDouble(TpeSearchTest::score).average().orElseThrow();
        assertTrue(adamAtEnd > adamAtStart, adamAtStart + " adam runs among the first 10, " + adamAtEnd + " among the last 10");
        assertTrue(meanScoreAtEnd > meanScoreAtStart + 0.1, meanScoreAtStart + " -> " + meanScoreAtEnd);
    }

    @Test
    void minimizingAMetricProposesWhatMaximizingItsNegationDoes() {
        SweepSpec maximize = SpecParser.parse(EVERY_KIND);
        SweepSpec minimize = SpecParser.parse(EVERY_KIND.replace("{name: val_accuracy, goal: maximize}", "{name: val_loss, goal: minimize}"));

        List<RunConfig> up = sweep(maximize, 25, TpeSearchTest::score);
        List<RunConfig> down = sweep(minimize, 25, c -> -score(c));

        assertEquals(up, down, "the ranking, not the sign, decides");
    }

    @Test
    void theGoalDecidesWhichEndOfTheMetricIsGood() {
        String text = """
                method: bayes
                metric: {name: %s, goal: %s}
                run_cap: 30
                parameters:
                  num_layers: {distribution: int_uniform, min: 1, max: 60}
                """;
        SweepSpec maximize = SpecParser.parse(String.format(text, "val_accuracy", "maximize"));
        SweepSpec minimize = SpecParser.parse(String.format(text, "val_loss", "minimize"));
        ToDoubleFunction<RunConfig> layers = c -> c.getInt("num_layers");

        // Medians of the estimator's proposals (after the 8 random ones): a few still explore the far end.
        double deepWhenMaximizing = TpeSearchEvidenceTest.median(sweep(maximize, 30, layers).subList(8, 30).stream().mapToDouble(layers).toArray());
        double deepWhenMinimizing = TpeSearchEvidenceTest.median(sweep(minimize, 30, layers).subList(8, 30).stream().mapToDouble(layers).toArray());

        assertTrue(deepWhenMaximizing > 40, "maximizing the depth ends deep: " + deepWhenMaximizing);
        assertTrue(deepWhenMinimizing < 20, "minimizing it ends shallow: " + deepWhenMinimizing);
    }

    @Test
    void givesTheSameProposalsForTheSameStateInAnyOrder() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        List<RunConfig> configs = sweep(spec, 20, TpeSearchTest::score);
        List<FinishedRun> finished = new ArrayList<>();
        for (RunConfig c : configs.subList(0, 16)) {
            finished.add(new FinishedRun(c, score(c)));
        }
        List<RunConfig> pending = new ArrayList<>(configs.subList(16, 20));
        List<FinishedRun> shuffledFinished = new ArrayList<>(finished);
        Collections.shuffle(shuffledFinished, new java.util.Random(1));
        List<RunConfig> shuffledPending = new ArrayList<>(pending);
        Collections.reverse(shuffledPending);

        List<PlannedRun> a = tpe.next(spec, 20, new SearchState(finished, pending, List.of()), 3);
        List<PlannedRun> b = tpe.next(spec, 20, new SearchState(shuffledFinished, shuffledPending, List.of()), 3);
        List<PlannedRun> otherSeed = tpe.next(SpecParser.parse(EVERY_KIND.replace("seed: 7", "seed: 8")), 20,
                new SearchState(finished, pending, List.of()), 3);

        assertEquals(a, b);
        assertEquals(List.of(20, 21, 22), a.stream().map(PlannedRun::index).toList());
        assertEquals(Seeds.runSeed(7, 20), a.get(0).seed());
        assertNotEquals(a.get(0).config(), otherSeed.get(0).config(), "another sweep seed, other proposals");
    }

    @Test
    void aBatchOfProposalsIsWhatOneAtATimeWithTheEarlierOnesInFlightGives() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        List<RunConfig> configs = sweep(spec, 16, TpeSearchTest::score);
        List<FinishedRun> finished = configs.stream().map(c -> new FinishedRun(c, score(c))).toList();

        List<PlannedRun> batch = tpe.next(spec, 16, SearchState.of(finished), 2);
        PlannedRun first = tpe.next(spec, 16, SearchState.of(finished), 1).get(0);
        PlannedRun second = tpe.next(spec, 17, new SearchState(finished, List.of(first.config()), List.of()), 1).get(0);

        assertEquals(List.of(first, second), batch);
    }

    @Test
    void neverProposesAFinishedFailedOrPendingConfigurationAndStopsWhenTheSpaceIsExhausted() {
        SweepSpec spec = SpecParser.parse("""
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                run_cap: 50
                parameters:
                  optimizer: {values: [sgd, adam, nadam]}
                  num_layers: {distribution: int_uniform, min: 1, max: 3}
                  activation: {values: [relu, tanh]}
                """);
        assertEquals(OptionalInt.of(18), tpe.totalRuns(spec), "3 x 3 x 2 distinct configurations, fewer than run_cap");

        List<FinishedRun> finished = new ArrayList<>();
        List<RunConfig> pending = new ArrayList<>();
        List<RunConfig> failed = new ArrayList<>();
        Set<RunConfig> seen = new HashSet<>();
        for (int i = 0; i < 18; i++) {
            List<PlannedRun> next = tpe.next(spec, i, new SearchState(finished, pending, failed), 1);
            assertEquals(1, next.size(), "run " + i);
            RunConfig c = next.get(0).config();
            assertTrue(seen.add(c), "run " + i + " repeats " + c);
            // Some end, some fail, some stay in flight: none of them comes back.
            switch (i % 3) {
                case 0 -> finished.add(new FinishedRun(c, c.getInt("num_layers")));
                case 1 -> failed.add(c);
                default -> pending.add(c);
            }
        }
        assertEquals(List.of(), tpe.next(spec, 18, new SearchState(finished, pending, failed), 1));
        assertEquals(List.of(), new TpeSearch().next(spec, 17, new SearchState(finished, pending, failed), 5),
                "a restarted count below the end still finds nothing new");
    }

    @Test
    void keepsParallelProposalsApartInAContinuousSpace() {
        SweepSpec spec = SpecParser.parse(EVERY_KIND);
        List<RunConfig> configs = sweep(spec, 20, TpeSearchTest::score);
        List<FinishedRun> finished = configs.stream().map(c -> new FinishedRun(c, score(c))).toList();

        List<PlannedRun> batch = tpe.next(spec, 20, SearchState.of(finished), 8);

        assertEquals(8, batch.size());
        Set<RunConfig> all = new HashSet<>(configs);
        batch.forEach(r -> assertTrue(all.add(r.config()), "repeats " + r.config()));
    }

    @Test
    void aSweepWithoutRunCapIsUnboundedOverAContinuousSpace() {
        SweepSpec spec = SpecParser.parse("""
                method: bayes
                metric: {name: val_loss, goal: minimize}
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}
                """);
        assertEquals(OptionalInt.empty(), tpe.totalRuns(spec));
        assertEquals(10, TpeSearch.startupRuns(spec));
        assertEquals(3, TpeSearch.startupRuns(SpecParser.parse("method: bayes\nmetric: {name: val_loss}\nrun_cap: 4\nparameters: {epochs: {value: 1}}\n")));
    }
}
