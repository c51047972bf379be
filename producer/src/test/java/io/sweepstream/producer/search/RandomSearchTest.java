package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RandomSearchTest {
    private final RandomSearch random = new RandomSearch();

    private static final String SPACE = """
            method: random
            run_cap: 20
            parameters:
              learning_rate: {distribution: log_uniform_values, min: 1e-4, max: 1e-2}
              optimizer: {values: [sgd, momentum, nag, rmsprop, adam, nadam]}
              hidden_size: {distribution: q_uniform, min: 32, max: 256, q: 32}
              num_layers: {min: 1, max: 5}
              momentum: {min: 0.5, max: 0.99}
            """;

    private static SweepSpec withSeed(long seed) {
        return SpecParser.parse(SPACE + "seed: " + seed + "\n");
    }

    @Test
    void givesTheSameConfigsForTheSameSeed() {
        assertEquals(random.expand(withSeed(3)), random.expand(withSeed(3)));
    }

    @Test
    void givesDifferentConfigsForADifferentSeed() {
        List<RunConfig> a = random.expand(withSeed(3));
        List<RunConfig> b = random.expand(withSeed(4));
        for (int i = 0; i < a.size(); i++) {
            assertNotEquals(a.get(i).getDouble("learning_rate"), b.get(i).getDouble("learning_rate"));
        }
    }

    @Test
    void regeneratesAnyRunFromItsIndexAlone() {
        SweepSpec spec = withSeed(11);
        List<RunConfig> all = random.expand(spec);

        for (int i : new int[] {0, 7, 19}) {
            assertEquals(all.get(i), random.configAt(spec, i));
        }
        assertEquals(all.subList(5, 9), random.next(spec, 5, SearchState.EMPTY, 4).stream().map(PlannedRun::config).toList());
    }

    @Test
    void drawsEachParameterFromItsOwnStream() {
        // Adding a parameter to the spec does not change what the others draw.
        SweepSpec more = SpecParser.parse(SPACE + "  beta2: {min: 0.9, max: 0.999}\nseed: 3\n");
        List<RunConfig> before = random.expand(withSeed(3));
        List<RunConfig> after = random.expand(more);

        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).getDouble("learning_rate"), after.get(i).getDouble("learning_rate"));
            assertEquals(before.get(i).getString("optimizer"), after.get(i).getString("optimizer"));
        }
    }

    @Test
    void keepsEveryDrawInsideTheSpecAndTheDomain() {
        for (RunConfig c : random.expand(SpecParser.parse(SPACE.replace("run_cap: 20", "run_cap: 2000")))) {
            double lr = c.getDouble("learning_rate");
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "learning_rate " + lr);
            int hidden = c.getInt("hidden_size");
            assertTrue(hidden % 32 == 0 && hidden >= 32 && hidden <= 256, "hidden_size " + hidden);
            int layers = c.getInt("num_layers");
            assertTrue(layers >= 1 && layers <= 5, "num_layers " + layers);
            double momentum = c.getDouble("momentum");
            assertTrue(momentum >= 0.5 && momentum <= 0.99, "momentum " + momentum);
        }
    }

    @Test
    void respectsCategoricalProbabilities() {
        SweepSpec spec = SpecParser.parse("""
                method: random
                run_cap: 10000
                parameters:
                  optimizer: {values: [sgd, adam, nadam, nag], probabilities: [0.2, 0.5, 0.3, 0.0]}
                """);
        int n = 10000;
        List<String> drawn = random.expand(spec).stream().map(c -> c.getString("optimizer")).toList();

        // Each frequency's standard error is at most sqrt(0.25 / n) = 0.005; 0.025 is five of them.
        assertEquals(0.2, frequency(drawn, "sgd", n), 0.025);
        assertEquals(0.5, frequency(drawn, "adam", n), 0.025);
        assertEquals(0.3, frequency(drawn, "nadam", n), 0.025);
        assertEquals(0.0, frequency(drawn, "nag", n), "a zero probability is never drawn");
    }

    @Test
    void drawsUniformlyWithoutProbabilities() {
        SweepSpec spec = SpecParser.parse("method: random\nrun_cap: 9000\nparameters: {activation: {values: [tanh, relu, sigmoid]}}\n");
        List<String> drawn = random.expand(spec).stream().map(c -> c.getString("activation")).toList();

        for (String value : List.of("tanh", "relu", "sigmoid")) {
            assertEquals(1.0 / 3, frequency(drawn, value, 9000), 0.025);
        }
    }

    @Test
    void isUnboundedWithoutRunCap() {
        SweepSpec spec = SpecParser.parse("method: random\nparameters: {learning_rate: {min: 0.001, max: 0.1}}\n");

        assertEquals(OptionalInt.empty(), random.totalRuns(spec));
        assertEquals(1000, random.next(spec, 0, SearchState.EMPTY, 1000).size());
        assertEquals(random.configAt(spec, 123456), random.configAt(spec, 123456));
        assertThrows(IllegalArgumentException.class, () -> random.expand(spec));
    }

    private static double frequency(List<String> drawn, String value, int n) {
        return drawn.stream().filter(value::equals).count() / (double) n;
    }
}
