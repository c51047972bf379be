package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.sweepstream.producer.search.FinishedRun;
import io.sweepstream.schemas.serde.AvroClassTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SweepProgressTest {

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @Test
    void aRunWithTwoResultsCountsOnceAndTheLaterOneIsWhatSearchLearnsFrom() {
        SweepProgress p = new SweepProgress();
        p.published(ControllerLoopTest.request(0));
        p.published(ControllerLoopTest.request(1));
        p.finished(ControllerLoopTest.result(0, 0.5));
        p.finished(ControllerLoopTest.result(0, 0.9));

        List<FinishedRun> history = p.history(ControllerLoopTest.SPEC);

        assertEquals(1, p.inFlight(), "run 1 is still in flight, run 0 is done once");
        assertEquals(1, history.size());
        assertEquals(0.9, history.get(0).metricValue(), "the last result on the topic is the run's result");
    }

    @Test
    void aRefusedRequestIsHandedBackOnceAndStaysInFlight() {
        SweepProgress p = new SweepProgress();
        p.published(ControllerLoopTest.request(0));
        p.unsent(ControllerLoopTest.request(0));

        assertEquals(List.of(ControllerLoopTest.request(0)), p.takeUnsent());
        assertEquals(List.of(), p.takeUnsent());
        assertEquals(1, p.inFlight());
    }
}
