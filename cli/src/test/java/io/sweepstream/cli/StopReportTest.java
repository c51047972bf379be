package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What Ctrl-C in {@code sweep local} says it stopped and kept. */
class StopReportTest {

    @Test
    void aTemporaryBrokerKeepsNothingAndSaysHowToKeepResults() {
        assertEquals("stopped: 2 runs in progress (released), 1 run not started; kept: nothing: the embedded broker was temporary "
                        + "(its 3 results went with it; --broker-dir DIR keeps them)",
                StopReport.message(new ProgressCounts(6, 3, 2, 1, 0, 0), null));
    }

    @Test
    void aBrokerDirectoryKeepsTheResultsAndSaysHowToReadThem() {
        assertEquals("stopped: 1 run in progress (released); kept: 1 result in /tmp/kafka ('sweep broker --data-dir /tmp/kafka' serves them again)",
                StopReport.message(new ProgressCounts(2, 1, 1, 0, 0, 0), Path.of("/tmp/kafka")));
    }

    @Test
    void beforeAnyResultThereIsNothingToLose() {
        assertEquals("stopped: no run in progress, 4 runs not started; kept: nothing: the embedded broker was temporary",
                StopReport.message(new ProgressCounts(4, 0, 0, 4, 0, 0), null));
    }

    @Test
    void beforeTheSweepStartedNothingWasStoppedOrKept() {
        assertEquals("stopped before the sweep started; kept: nothing", StopReport.message(null, null));
    }
}
