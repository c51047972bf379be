package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.SweepDefinition;
import org.junit.jupiter.api.Test;

/** Which sweeps need a running controller: the same answer from a spec and from its published definition. */
class ControllerNeedTest {

    @Test
    void gridAndRandomSweepsNeedNone() {
        assertEquals(Optional.empty(), both("method: grid"));
        assertEquals(Optional.empty(), both("method: random\nrun_cap: 5"));
    }

    @Test
    void earlyTerminationNeedsNoneSinceTheEvaluatorStopsRunsAndEveryRunIsQueued() {
        assertEquals(Optional.empty(), both("method: grid\nearly_terminate: {type: hyperband, min_iter: 3}"));
    }

    @Test
    void parallelismNeedsOneThatPublishesTheRunsAFewAtATime() {
        assertEquals(Optional.of("parallelism 2: the controller publishes its runs, 2 at a time"), both("method: grid\nparallelism: 2"));
    }

    @Test
    void bayesNeedsOneThatProposesEachRun() {
        assertEquals(Optional.of("method bayes: the controller proposes each run from the results so far"),
                both("method: bayes\nrun_cap: 5\nmetric: {name: val_loss, goal: minimize}"));
    }

    /** The reason from the spec, checked equal to the reason from the definition {@code submit} publishes. */
    private static Optional<String> both(String head) {
        SweepSpec spec = SpecParser.parse(head + "\nparameters:\n  hidden_size: {values: [8, 16]}\n");
        SweepDefinition d = SweepRecords.definition("sw", spec, 2, 0);
        assertEquals(ControllerNeed.of(spec), ControllerNeed.of(d), "one rule for specs and definitions");
        return ControllerNeed.of(spec);
    }
}
