package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import org.junit.jupiter.api.Test;

/** {@code sweep local}'s progress on a terminal (redrawn in place) and in a file (plain lines). */
class ProgressDisplayTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void inAFileEachLineIsPlainWithoutCarriageReturnsOrAnsiCodes() {
        ProgressDisplay plain = ProgressDisplay.of(out, false, 0);

        plain.show(frame(0, 2, "", run("quick-r0000", 1, 0.10), run("quick-r0001", 1, 0.10)), 1_000);
        plain.show(frame(2, 0, "best val_accuracy 0.8123 (quick-r0001)"), 9_000);

        assertEquals(List.of(
                "   1.0 s  0/4 done, 2 running, 2 queued; training quick-r0000 epoch 1/2 10%, quick-r0001 epoch 1/2 10%",
                "   9.0 s  2/4 done, 0 running, 2 queued  best val_accuracy 0.8123 (quick-r0001)"), lines());
        assertFalse(text().contains("\r"), "no carriage return");
        assertFalse(text().contains("\033"), "no ANSI code");
    }

    @Test
    void inAFileALineComesEveryFewSecondsWhileRunsTrainAndNotAtEveryPoll() {
        ProgressDisplay plain = ProgressDisplay.of(out, false, 0);

        for (long t = 0; t <= 12_000; t += 500) {
            plain.show(frame(0, 1, "", run("quick-r0000", 1, t / 20_000.0)), t);
        }

        assertEquals(3, lines().size(), "at 0, 5 and 10 s: " + lines());
        assertTrue(lines().get(1).startsWith("   5.0 s  0/4 done, 1 running, 3 queued; training quick-r0000 epoch 1/2 25%"), lines().get(1));
    }

    @Test
    void inAFileANewEpochGetsALineAtOnce() {
        ProgressDisplay plain = ProgressDisplay.of(out, false, 0);

        plain.show(frame(0, 1, "", run("quick-r0000", 1, 0.4)), 0);
        plain.show(frame(0, 1, "", run("quick-r0000", 2, 0.5)), 1_000);

        assertEquals(2, lines().size(), lines()::toString);
        assertTrue(lines().get(1).contains("epoch 2/2"), lines().get(1));
    }

    @Test
    void inAFileARunTakenButNotYetTrainingIsStarting() {
        ProgressDisplay plain = ProgressDisplay.of(out, false, 0);

        plain.show(frame(0, 1, "", run("quick-r0000", 0, 0)), 0);

        assertEquals(List.of("   0.0 s  0/4 done, 1 running, 3 queued; training quick-r0000 starting"), lines());
    }

    @Test
    void inAFileNothingIsRepeatedWhileNothingRuns() {
        ProgressDisplay plain = ProgressDisplay.of(out, false, 0);

        for (long t = 0; t <= 60_000; t += 500) {
            plain.show(frame(4, 0, ""), t);
        }

        assertEquals(1, lines().size(), lines()::toString);
    }

    @Test
    void onATerminalTheFrameIsRedrawnInPlaceWithABarAndALinePerTrainingRun() {
        ProgressDisplay terminal = ProgressDisplay.of(out, true, 0);

        terminal.show(frame(1, 1, "", run("quick-r0001", 1, 0.5)), 0);
        terminal.show(frame(2, 0, ""), 500);

        String second = text().substring(text().indexOf("\033[2F"));
        assertTrue(text().startsWith("\033[2K[######..................] 1/4 done, 1 running, 2 queued\n\033[2K  "), text());
        assertTrue(second.startsWith("\033[2F\033[2K[############............] 2/4 done, 0 running, 2 queued\n\033[2K\n"),
                "moves up over the two lines drawn, blanks the one no longer needed: " + second);
    }

    @Test
    void countsMustAddUpToTheSweepsSize() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressCounts(4, 2, 2, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressCounts(4, 1, 0, 3, 1, 1));
    }

    private static ProgressFrame frame(int done, int running, String best, WorkerStatus... training) {
        return new ProgressFrame(new ProgressCounts(4, done, running, 4 - done - running, 0, 0), best, List.of(training));
    }

    private static WorkerStatus run(String runId, int epoch, double progress) {
        return WorkerStatus.newBuilder().setWorkerId("local-1").setHost("h").setState(WorkerState.TRAINING)
                .setSweepId("quick").setRunId(runId).setAttempt(1).setEpoch(epoch).setEpochs(2).setProgress(progress)
                .setHeartbeatAtMs(System.currentTimeMillis()).setStartedAtMs(0).build();
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        String t = text();
        return t.isEmpty() ? List.of() : List.of(t.split("\n"));
    }
}
