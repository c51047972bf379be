package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.testing.MockClients;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controller keeps runs only of sweeps it can still act for, and results without their detail (issue 14). */
class ControllerBoundsTest {

    private static final String GRID = """
            name: %s
            method: grid
            metric: {name: val_accuracy, goal: maximize}
            %s
            parameters:
              hidden_size: {values: [8, 16, 32, 64, 128]}
            """;

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    private final MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
    private final ControllerLoop loop = new ControllerLoop(clients.consumer, clients.producer);
    private long offset;

    @Test
    void aSweepTheControllerDoesNotFeedKeepsNoRunsEvenWhenTheyAreReadLater() {
        SweepSpec spec = SpecParser.parse(GRID.formatted("free", ""));
        finishedSweep("free", spec);

        SweepProgress p = loop.progressOf("free");
        assertTrue(p.runsForgotten());
        assertEquals(0, p.runsKept(), "5 requests and 5 results read, none kept");
        assertEquals(5, p.nextIndex, "run indices still count");
    }

    @Test
    void aSweepTheControllerFeedsKeepsItsRunsWithoutTheirDetail() {
        SweepSpec spec = SpecParser.parse(GRID.formatted("paced", "parallelism: 2"));
        finishedSweep("paced", spec);

        SweepProgress p = loop.progressOf("paced");
        assertFalse(p.runsForgotten(), "an extend may need its history");
        assertEquals(10, p.runsKept());
        assertTrue(p.ended());
        for (RunResult r : p.results()) {
            assertNull(r.getConfusionMatrix());
            assertEquals(List.of(), r.getClassNames());
            assertEquals(0.5 + r.getHyperparameters().getHiddenSize() / 1000.0, r.getBestValAccuracy(), "its metric is kept");
        }
    }

    @Test
    void aSweepWithAFollowupKeepsItsRunsUntilTheFollowupIsOut() {
        SweepSpec spec = SpecParser.parse(GRID.formatted("followed", "followup: {dataset: mnist, top_k: 1}"));
        SweepDefinition original = finishedSweep("followed", spec);
        assertEquals(10, loop.progressOf("followed").runsKept(), "the follow-up is planned from its results");

        FollowupSweep followup = FollowupSweep.plan(original, loop.progressOf("followed").results(), spec.followup().orElseThrow(), 1);
        read(Topics.SWEEPS, followup.definition());

        assertTrue(loop.progressOf("followed").runsForgotten());
        assertEquals(0, loop.progressOf("followed").runsKept());
    }

    /** Reads a sweep's definition, its 5 requests and a FINISHED result of each, with a confusion matrix. */
    private SweepDefinition finishedSweep(String sweepId, SweepSpec spec) {
        SweepDefinition d = SweepRecords.definition(sweepId, spec, 5, 0);
        read(Topics.SWEEPS, d);
        for (PlannedRun run : SearchStrategy.create(spec.method()).next(spec, 0, SearchState.EMPTY, 5)) {
            RunRequest q = SweepRecords.request(sweepId, spec, run, 0);
            read(Topics.RUNS_REQUESTED, q);
            read(Topics.RUNS_RESULTS, RunResult.newBuilder(SampleEvents.fullRunResult())
                    .setSweepId(sweepId).setRunId(q.getRunId()).setStatus(RunStatus.FINISHED).setError(null)
                    .setHyperparameters(q.getHyperparameters())
                    .setBestValAccuracy(0.5 + q.getHyperparameters().getHiddenSize() / 1000.0).build());
        }
        return d;
    }

    private <V> void read(Topic<String, V> topic, V value) {
        loop.apply(new ConsumerRecord<>(topic.name(), 0, offset++, null, topic.encode(value)));
    }
}
