package io.sweepstream.evaluator.early;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stopping rule on scripted metric streams: no training, no Kafka. */
class SuccessiveHalvingTest {

    private static final boolean MAXIMIZE = true;
    private static final boolean MINIMIZE = false;

    /** Records the epochs of {@code values} (epoch 1 first) for {@code run}, attempt 1. */
    private static void curve(SuccessiveHalving h, String run, double... values) {
        for (int e = 0; e < values.length; e++) {
            h.record(run, 1, e + 1, values[e]);
        }
    }

    private static List<String> stopped(SuccessiveHalving h) {
        return h.decide().stream().map(Stop::runId).toList();
    }

    @Test
    void stopsWhatWandbsExampleStops() {
        // W&B's hyperband_stop_runs example: max_iter 5, s 2, eta 2 gives brackets 1 and 2; minimize.
        SuccessiveHalving h = new SuccessiveHalving(List.of(1, 2), 2, false, MINIMIZE);
        curve(h, "a", 10, 9);
        curve(h, "b", 10, 10);
        curve(h, "c", 10, 8, 8);
        curve(h, "d", 10, 7, 7);
        curve(h, "e", 10, 6, 6);
        h.ended("a");
        h.ended("e");

        // at bracket 2 the values are 6 7 8 9 10; rank floor(5/2) = 2 is 8: 8 survives, b's best 10 does not
        List<Stop> stops = h.decide();

        assertEquals(List.of("b"), stops.stream().map(Stop::runId).toList());
        Stop b = stops.get(0);
        assertEquals(2, b.milestone());
        assertEquals(10.0, b.value());
        assertEquals(8.0, b.threshold());
        assertEquals(5, b.recorded());
    }

    @Test
    void judgesNoRunBeforeTheFirstMilestone() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(3, 9), 3, false, MAXIMIZE);
        curve(h, "good", 0.8, 0.85);
        curve(h, "bad", 0.1, 0.1);
        curve(h, "worse", 0.05, 0.05);

        assertEquals(List.of(), stopped(h), "two epochs are below min_iter 3");

        h.record("bad", 1, 3, 0.1);
        h.record("good", 1, 3, 0.86);
        assertEquals(List.of("bad"), stopped(h), "bad reached 3 beside a better run: values 0.86, 0.1; rank floor(2/3) = 0 survives");
    }

    @Test
    void theBestRunIsNeverStopped() {
        Random random = new Random(7);
        SuccessiveHalving h = new SuccessiveHalving(List.of(1, 3, 9), 3, true, MAXIMIZE);
        List<String> stops = new ArrayList<>();
        // 30 runs reporting in an interleaved order; run r07 is the best at every epoch
        for (int epoch = 1; epoch <= 12; epoch++) {
            for (int r = 0; r < 30; r++) {
                String run = String.format("r%02d", r);
                if (h.hasEnded(run)) {
                    continue;
                }
                double value = r == 7 ? 0.95 : 0.2 + 0.7 * random.nextDouble();
                h.record(run, 1, epoch, value);
                stops.addAll(stopped(h));
            }
        }

        assertFalse(stops.contains("r07"), "the best run survives every bracket");
        assertTrue(stops.size() > 20, "and most others do not: " + stops.size());
    }

    @Test
    void aSlowerButBetterRunSurvives() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(2), 3, true, MAXIMIZE);
        curve(h, "fast1", 0.5, 0.6);
        curve(h, "fast2", 0.5, 0.55);
        curve(h, "fast3", 0.4, 0.5);
        assertEquals(List.of("fast3"), stopped(h), "values 0.6 0.55 0.5: rank 1 survives");

        curve(h, "slow", 0.3, 0.9); // reaches the milestone last, with the best value
        assertEquals(List.of("fast2"), stopped(h), "0.9 0.6 0.55 0.5: rank 1 is 0.6 now; slow survives, fast2 falls below");
        assertFalse(h.hasEnded("slow"));
    }

    @Test
    void minimizeStopsTheLargestLosses() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(1), 2, false, MINIMIZE);
        curve(h, "low", 0.3);
        curve(h, "mid", 0.5);
        curve(h, "high", 0.9);
        curve(h, "higher", 1.4);

        // 0.3 0.5 0.9 1.4: rank floor(4/2) = 2 is 0.9, so 0.9 and better survive
        assertEquals(List.of("higher"), stopped(h));
    }

    @Test
    void tiesAtTheCutoffSurvive() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(1), 3, false, MAXIMIZE);
        curve(h, "a", 0.7);
        curve(h, "b", 0.7);
        curve(h, "c", 0.7);
        curve(h, "d", 0.7);

        assertEquals(List.of(), stopped(h), "every value equals the cutoff");
    }

    @Test
    void byDefaultARunIsJudgedByItsBestValueStrictlyByItsValueAtTheMilestone() {
        for (boolean strict : new boolean[] {false, true}) {
            SuccessiveHalving h = new SuccessiveHalving(List.of(2), 2, strict, MAXIMIZE);
            curve(h, "steady", 0.6, 0.7);
            curve(h, "peaked", 0.9, 0.5); // best so far 0.9, but 0.5 at the milestone
            curve(h, "third", 0.8, 0.8); // at 2: 0.8 0.7 0.5, rank floor(3/2) = 1 is the cutoff 0.7

            assertEquals(strict ? List.of("peaked") : List.of(), stopped(h), "strict " + strict);
        }
    }

    @Test
    void theLastMilestonesCutoffKeepsTighteningAsRunsReport() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(1), 2, false, MAXIMIZE);
        curve(h, "early", 0.6, 0.6, 0.6);
        assertEquals(List.of(), stopped(h), "alone");

        curve(h, "later1", 0.8);
        curve(h, "later2", 0.9);
        assertEquals(List.of("early"), stopped(h), "0.9 0.8 0.6: rank 1 is 0.8; early's best 0.6 is below, though past the milestone");
    }

    @Test
    void eachStopIsDecidedOnceAndEndedRunsAreNotJudged() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(1), 2, false, MAXIMIZE);
        curve(h, "a", 0.9);
        curve(h, "b", 0.8);
        curve(h, "c", 0.1);
        curve(h, "d", 0.2);
        h.ended("d"); // finished (or stopped by a user) before the evaluator judged it

        assertEquals(List.of("c"), stopped(h));
        assertEquals(List.of(), stopped(h), "c was decided already");
    }

    @Test
    void aRetriedRunStartsItsHistoryOverAndLateEpochsOfTheOldAttemptAreIgnored() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(2), 2, true, MAXIMIZE);
        curve(h, "other", 0.5, 0.5);
        curve(h, "third", 0.7, 0.7);
        curve(h, "retried", 0.1, 0.1); // attempt 1 ... then its trainer died
        h.record("retried", 2, 1, 0.9);
        h.record("retried", 1, 2, 0.1); // a late record of attempt 1

        assertEquals(List.of(), stopped(h), "at 2 only 0.7 and 0.5 (attempt 1's 0.1 is gone): rank 1 is 0.5, all survive");
        h.record("retried", 2, 2, 0.9);
        assertEquals(List.of("other"), stopped(h), "0.9 0.7 0.5: rank 1 is 0.7");
    }

    @Test
    void aValueThatIsNotANumberCountsAsTheWorst() {
        SuccessiveHalving h = new SuccessiveHalving(List.of(1), 2, false, MINIMIZE);
        curve(h, "fine", 0.4);
        curve(h, "okay", 0.5);
        curve(h, "nan", Double.NaN);

        assertEquals(List.of("nan"), stopped(h));
    }

    @Test
    void refusesMilestonesThatAreNotAscendingAndEtaNotAboveOne() {
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(List.of(), 3, false, MAXIMIZE));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(List.of(3, 3), 3, false, MAXIMIZE));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(List.of(0), 3, false, MAXIMIZE));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(List.of(1), 1, false, MAXIMIZE));
    }
}
