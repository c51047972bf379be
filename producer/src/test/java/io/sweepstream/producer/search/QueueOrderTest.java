package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.Hyperparameter;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueOrderTest {

    private static final SweepSpec GRID = SpecParser.parse("""
            name: g
            method: grid
            parameters:
              epochs: {values: [1, 2]}
              num_layers: {values: [3, 5]}
              hidden_size: {values: [32, 128]}
              optimizer: {values: [adam, sgd]}
              batch_size: {values: [32, 256]}
            """);

    private static List<PlannedRun> all(SweepSpec spec) {
        return new GridSearch().next(spec, 0, SearchState.EMPTY, new GridSearch().totalRuns(spec).getAsInt());
    }

    @Test
    void theLongestRunsComeFirstAndEachRunKeepsItsIndexConfigAndSeed() {
        List<PlannedRun> grid = all(GRID);
        List<PlannedRun> queued = QueueOrder.longestFirst(grid);

        assertEquals(grid.size(), queued.size());
        assertEquals(grid.stream().sorted(Comparator.comparingInt(PlannedRun::index)).toList(),
                queued.stream().sorted(Comparator.comparingInt(PlannedRun::index)).toList(), "the same runs, unchanged");
        for (int i = 1; i < queued.size(); i++) {
            assertTrue(QueueOrder.cost(queued.get(i - 1).config()) >= QueueOrder.cost(queued.get(i).config()), "position " + i);
        }
        PlannedRun first = queued.get(0);
        assertEquals(List.of(2, 5, 128, 32), List.of(first.config().getInt(Hyperparameter.EPOCHS), first.config().getInt(Hyperparameter.NUM_LAYERS),
                first.config().getInt(Hyperparameter.HIDDEN_SIZE), first.config().getInt(Hyperparameter.BATCH_SIZE)),
                "two epochs of the largest network in small batches first");
        PlannedRun last = queued.get(queued.size() - 1);
        assertEquals(List.of(1, 3, 32, 256), List.of(last.config().getInt(Hyperparameter.EPOCHS), last.config().getInt(Hyperparameter.NUM_LAYERS),
                last.config().getInt(Hyperparameter.HIDDEN_SIZE), last.config().getInt(Hyperparameter.BATCH_SIZE)));
    }

    @Test
    void runsOfEqualCostKeepTheirOrder() {
        SweepSpec sameShape = SpecParser.parse("""
                name: s
                method: grid
                parameters:
                  learning_rate: {values: [0.1, 0.01, 0.001]}
                  optimizer: {values: [adam, sgd, nadam]}
                """);
        List<PlannedRun> grid = all(sameShape);
        assertEquals(grid, QueueOrder.longestFirst(grid));
    }
}
