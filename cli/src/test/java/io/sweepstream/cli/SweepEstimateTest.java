package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import org.junit.jupiter.api.Test;

class SweepEstimateTest {

    /** 10 microseconds a sample plus 1 nanosecond per weight: round numbers to check the arithmetic by hand. */
    private static final SweepEstimate.Speed SPEED = new SweepEstimate.Speed(10e-6, 1e-9);

    private static SweepSpec spec(String parameters) {
        return SpecParser.parse("name: s\nmethod: grid\nmetric: {name: val_accuracy, goal: maximize}\n"
                + "parameters:\n" + parameters);
    }

    @Test
    void aRunCostsItsEpochsOfTrainingPlusEvaluationAtAThirdOfTheCost() {
        RunConfig c = RunConfig.withDefaults(Map.of("epochs", 2, "num_layers", 1, "hidden_size", 32));
        long weights = 784 * 32 + 32 * 10;
        double perSample = 10e-6 + 1e-9 * weights;

        double expected = 2 * (54_000 * perSample + 6_000 * perSample / 3) + 10_000 * perSample / 3;

        assertEquals(weights, RunConfig.weights(1, 32));
        assertEquals(expected, SweepEstimate.runSeconds(c, SPEED), 1e-9);
    }

    @Test
    void aGridCostsTheSumOfItsRunsAndNamesItsLongest() {
        SweepSpec s = spec("  epochs: {values: [1, 3]}\n  num_layers: {value: 2}\n  hidden_size: {values: [16, 64]}\n");

        SweepEstimate.Estimate e = SweepEstimate.of(s, SPEED);

        double sum = 0;
        for (int epochs : new int[] {1, 3}) {
            for (int hidden : new int[] {16, 64}) {
                sum += SweepEstimate.runSeconds(RunConfig.withDefaults(Map.of("epochs", epochs, "num_layers", 2, "hidden_size", hidden)), SPEED);
            }
        }
        assertEquals(OptionalInt.of(4), e.runs());
        assertEquals(sum, e.seconds(), 1e-9);
        assertEquals("3 epoch(s) of 2x64, batch 64", e.longestRun());
    }

    @Test
    void aHundredThousandEpochsIsWarnedAboutAsOneRunAndAsASweep() {
        SweepSpec s = spec("  epochs: {value: 100000}\n");

        List<String> lines = SweepEstimate.describe(SweepEstimate.of(s, SPEED), SPEED);

        assertTrue(lines.get(0).startsWith("  compute: about "), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("warning: one run alone (100000 epoch(s) of 3x64, batch 64)")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("warning: the whole sweep trains for about ")), lines::toString);
    }

    @Test
    void aSmallSweepHasNoWarning() {
        SweepSpec s = spec("  epochs: {value: 2}\n  optimizer: {values: [adam, sgd]}\n");

        List<String> lines = SweepEstimate.describe(SweepEstimate.of(s, SPEED), SPEED);

        assertEquals(1, lines.size(), lines::toString);
    }

    @Test
    void aRandomSweepWithoutRunCapIsUnboundedAndCostedPerRun() {
        SweepSpec s = SpecParser.parse("name: r\nmethod: random\nmetric: {name: val_accuracy, goal: maximize}\n"
                + "parameters:\n  epochs: {value: 1}\n  learning_rate: {min: 0.0001, max: 0.1}\n");

        SweepEstimate.Estimate e = SweepEstimate.of(s, SPEED);
        List<String> lines = SweepEstimate.describe(e, SPEED);

        assertTrue(e.runs().isEmpty());
        assertEquals(SweepEstimate.runSeconds(RunConfig.withDefaults(Map.of("epochs", 1)), SPEED), e.seconds(), 1e-9);
        assertTrue(lines.get(0).startsWith("  compute: unbounded (no run_cap); about "), lines::toString);
    }

    @Test
    void durationsAreInTheUnitsPeoplePlanWith() {
        assertEquals("under a second", SweepEstimate.duration(0.4));
        assertEquals("42 s", SweepEstimate.duration(42));
        assertEquals("3 min 20 s", SweepEstimate.duration(200));
        assertEquals("5 h 10 min", SweepEstimate.duration(5 * 3600 + 600));
        assertEquals("2.5 days", SweepEstimate.duration(2.5 * 86_400));
    }

    @Test
    void theMeasuredSpeedIsPositiveAndBiggerNetworksAreSlower() {
        SweepEstimate.Speed speed = SweepEstimate.measuredSpeed();

        assertTrue(speed.fixedSeconds() >= 0 && Double.isFinite(speed.fixedSeconds()), speed::toString);
        assertTrue(speed.secondsPerWeight() > 0 && Double.isFinite(speed.secondsPerWeight()), speed::toString);
        assertTrue(speed.samplesPerSecond(1, 32) > speed.samplesPerSecond(3, 256), speed::toString);
    }
}
