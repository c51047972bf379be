package io.sweepstream.evaluator.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Synthetic sweeps where one parameter drives the metric and the others are noise. */
class ParameterImportanceTest {

    private static final String[] OPTIMIZERS = {"sgd", "momentum", "nag", "rmsprop", "adam", "nadam"};
    private static final String[] ACTIVATIONS = {"sigmoid", "tanh", "relu"};

    /** 60 runs: log-uniform learning rate, batch size, optimizer, activation, and a constant epochs. */
    private record Sweep(List<Parameter> parameters, double[] metric) {
    }

    private static Sweep sweep(int runs, long seed, Function<Map<String, String>, Double> metricOf) {
        Random random = new Random(seed);
        List<String> lr = new ArrayList<>(), bs = new ArrayList<>(), opt = new ArrayList<>(), act = new ArrayList<>(), ep = new ArrayList<>();
        double[] metric = new double[runs];
        for (int i = 0; i < runs; i++) {
            String l = Double.toString(Math.pow(10, -4 + 3 * random.nextDouble()));
            String b = Integer.toString(16 << random.nextInt(3));
            String o = OPTIMIZERS[random.nextInt(OPTIMIZERS.length)];
            String a = ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
            lr.add(l);
            bs.add(b);
            opt.add(o);
            act.add(a);
            ep.add("5");
            metric[i] = metricOf.apply(Map.of("learning_rate", l, "batch_size", b, "optimizer", o, "activation", a))
                    + 0.005 * random.nextGaussian();
        }
        return new Sweep(List.of(new Parameter("learning_rate", true, lr), new Parameter("batch_size", false, bs),
                new Parameter("optimizer", false, opt), new Parameter("activation", false, act), new Parameter("epochs", false, ep)),
                metric);
    }

    private static Map<String, Importance> byName(List<Importance> importances) {
        return importances.stream().collect(Collectors.toMap(Importance::parameter, i -> i));
    }

    @Test
    void aLogScaledDriverOutweighsTheNoiseAndCorrelatesOnItsLogScale() {
        // accuracy rises with log10(learning_rate): from 0.5 at 1e-4 to 0.8 at 1e-1
        Sweep s = sweep(60, 1, run -> 0.9 + 0.1 * Math.log10(Double.parseDouble(run.get("learning_rate"))));

        List<Importance> importances = ParameterImportance.of(s.parameters(), s.metric(), 42);
        Map<String, Importance> by = byName(importances);

        assertEquals("learning_rate", importances.get(0).parameter(), importances.toString());
        for (String noise : List.of("batch_size", "optimizer", "activation")) {
            assertTrue(by.get("learning_rate").importance() > 10 * by.get(noise).importance(), importances.toString());
        }
        assertTrue(by.get("learning_rate").correlation() > 0.98, "Pearson on log(lr): " + by.get("learning_rate"));
        assertTrue(Math.abs(by.get("batch_size").correlation()) < 0.3, by.get("batch_size").toString());
        assertEquals(1.0, importances.stream().mapToDouble(Importance::importance).sum(), 1e-9, "shares sum to 1");
    }

    @Test
    void aCategoricalDriverHasAHighCorrelationRatio() {
        // adam and nadam reach 0.88, the rest 0.70
        Sweep s = sweep(60, 2, run -> run.get("optimizer").contains("adam") ? 0.88 : 0.70);

        Map<String, Importance> by = byName(ParameterImportance.of(s.parameters(), s.metric(), 42));

        Importance optimizer = by.get("optimizer");
        assertTrue(optimizer.categorical());
        assertTrue(optimizer.correlation() > 0.95, "eta: " + optimizer);
        assertTrue(by.get("activation").correlation() < 0.3, "eta of noise: " + by.get("activation"));
        for (String noise : List.of("learning_rate", "batch_size", "activation")) {
            assertTrue(optimizer.importance() > 10 * by.get(noise).importance(), by.toString());
        }
    }

    @Test
    void isDeterministicForASeedAndLeavesOutAParameterWithOneValue() {
        Sweep s = sweep(30, 3, run -> 0.9 + 0.1 * Math.log10(Double.parseDouble(run.get("learning_rate"))));

        List<Importance> once = ParameterImportance.of(s.parameters(), s.metric(), 7);

        assertEquals(once, ParameterImportance.of(s.parameters(), s.metric(), 7));
        assertEquals(4, once.size(), "epochs is 5 in every run: " + once);
    }

    @Test
    void saysNothingAboutFewerThanAHandfulOfRuns() {
        Sweep s = sweep(ParameterImportance.MIN_RUNS - 1, 4, run -> 0.5);

        assertEquals(List.of(), ParameterImportance.of(s.parameters(), s.metric(), 1));
    }

    @Test
    void correlationsMatchHandWorkedValues() {
        assertEquals(1.0, ParameterImportance.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, ParameterImportance.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(ParameterImportance.pearson(new double[] {1, 1, 1}, new double[] {3, 2, 1})));
        // groups a: {1, 3} (mean 2), b: {5, 7} (mean 6); overall mean 4; between 2*4 + 2*4 = 16; total 9+1+1+9 = 20
        assertEquals(Math.sqrt(16.0 / 20.0), ParameterImportance.correlationRatio(List.of("a", "a", "b", "b"), new double[] {1, 3, 5, 7}), 1e-12);
    }
}
