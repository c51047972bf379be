package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GridSearchTest {
    private final GridSearch grid = new GridSearch();

    private static final SweepSpec TWO_BY_THREE = SpecParser.parse("""
            method: grid
            seed: 7
            parameters:
              optimizer: {values: [adam, sgd]}
              num_layers: {distribution: int_uniform, min: 1, max: 3}
              epochs: {value: 2}
            """);

    private static String label(RunConfig c) {
        return c.getString("optimizer") + "/" + c.getInt("num_layers");
    }

    @Test
    void enumeratesTheCartesianProductWithTheLastParameterFastest() {
        List<String> labels = grid.expand(TWO_BY_THREE).stream().map(GridSearchTest::label).toList();

        assertEquals(List.of("adam/1", "adam/2", "adam/3", "sgd/1", "sgd/2", "sgd/3"), labels);
        assertEquals(OptionalInt.of(6), grid.totalRuns(TWO_BY_THREE));
    }

    @Test
    void fillsFixedAndUnmentionedParameters() {
        RunConfig config = grid.configAt(TWO_BY_THREE, 4);

        assertEquals(2, config.getInt("epochs"));
        assertEquals(64, config.getInt("batch_size"), "batch_size is not in the spec: default");
        assertEquals("sgd/2", label(config));
    }

    @Test
    void runsOnlyTheFirstRunCapCombinations() {
        SweepSpec capped = SpecParser.parse(TWO_BY_THREE.text() + "run_cap: 4\n");

        assertEquals(OptionalInt.of(4), grid.totalRuns(capped));
        assertEquals(List.of("adam/1", "adam/2", "adam/3", "sgd/1"),
                grid.expand(capped).stream().map(GridSearchTest::label).toList());
        assertThrows(IndexOutOfBoundsException.class, () -> grid.configAt(capped, 4));
    }

    @Test
    void ignoresARunCapAboveTheGridSize() {
        assertEquals(OptionalInt.of(6), grid.totalRuns(SpecParser.parse(TWO_BY_THREE.text() + "run_cap: 100\n")));
    }

    @Test
    void expandsTheClassicSweepToDistinctConfigs() {
        SweepSpec classic = SpecParser.parse("""
                method: grid
                parameters:
                  epochs: {values: [5, 10]}
                  num_layers: {values: [3, 4, 5]}
                  hidden_size: {values: [32, 64, 128]}
                  weight_decay: {values: [0, 0.0005, 0.5]}
                  learning_rate: {values: [1e-3, 1e-4]}
                  optimizer: {values: [sgd, momentum, nag, rmsprop, adam, nadam]}
                  batch_size: {values: [16, 32, 64]}
                  weight_init: {values: [random, Xavier]}
                  activation: {values: [sigmoid, tanh, ReLU]}
                """);

        List<RunConfig> all = grid.expand(classic);

        assertEquals(11664, all.size());
        assertEquals(11664, new HashSet<>(all).size());
        assertEquals(grid.configAt(classic, 11663), all.get(11663));
        assertEquals("relu", all.get(11663).getString("activation"));
        assertEquals(10, all.get(11663).getInt("epochs"));
    }

    @Test
    void proposesRunsInPagesWithTheirSeeds() {
        List<PlannedRun> first = grid.next(TWO_BY_THREE, 0, SearchState.EMPTY, 4);
        List<PlannedRun> rest = grid.next(TWO_BY_THREE, 4, SearchState.EMPTY, 4);

        assertEquals(List.of(0, 1, 2, 3), first.stream().map(PlannedRun::index).toList());
        assertEquals(List.of(4, 5), rest.stream().map(PlannedRun::index).toList());
        assertEquals(List.of(), grid.next(TWO_BY_THREE, 6, SearchState.EMPTY, 4));
        assertEquals(Seeds.runSeed(7, 5), rest.get(1).seed());
        assertEquals(grid.configAt(TWO_BY_THREE, 5), rest.get(1).config());
    }

    @Test
    void refusesASweepThatIsNotAGrid() {
        SweepSpec random = SpecParser.parse("method: random\nparameters: {epochs: {value: 1}}\n");
        assertThrows(IllegalArgumentException.class, () -> grid.totalRuns(random));
    }
}
