package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The early_terminate block: its brackets as W&B computes them, and each way it can be wrong. */
class EarlyTerminationTest {

    private static final String PARAMETERS = "parameters: {epochs: {value: 9}}\n";

    private static List<String> problems(String yaml) {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(yaml));
        return e.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void minIterBracketsGrowByEtaFromMinIter() {
        List<Integer> milestones = EarlyTermination.fromMinIter(3, 3, false).milestones();

        assertEquals(List.of(3, 9, 27, 81, 243), milestones.subList(0, 5));
        assertEquals(Integer.MAX_VALUE / 3 < milestones.get(milestones.size() - 1), true, "up to the largest int epoch");
    }

    @Test
    void maxIterBracketsCountDownFromMaxIterForSBrackets() {
        assertEquals(List.of(3, 9), EarlyTermination.fromMaxIter(27, 2, 3, false).milestones(), "27/3, 27/9: W&B's doc example");
        assertEquals(List.of(1, 3, 9), EarlyTermination.fromMaxIter(27, 5, 3, false).milestones(), "27/81 < 1 is left out");
        assertEquals(List.of(1, 2), EarlyTermination.fromMaxIter(5, 2, 2, false).milestones(), "floor(5/2), floor(5/4)");
    }

    @Test
    void aSmallEtaDoesNotRepeatAMilestone() {
        assertEquals(List.of(1, 2, 3, 5), EarlyTermination.fromMinIter(1, 1.5, false).milestones().subList(0, 4),
                "1, 1.5, 2.25, 3.375, 5.06 floored: 1 only once");
    }

    @Test
    void parsesMinIterWithDefaults() {
        SweepSpec spec = SpecParser.parse("method: random\nearly_terminate: {type: hyperband, min_iter: 2}\n" + PARAMETERS);

        assertEquals(Optional.of(EarlyTermination.fromMinIter(2, 3, false)), spec.earlyTerminate());
    }

    @Test
    void parsesMaxIterWithSEtaAndStrict() {
        SweepSpec spec = SpecParser.parse(
                "method: random\nearly_terminate: {type: hyperband, max_iter: 9, s: 2, eta: 2, strict: true}\n" + PARAMETERS);

        assertEquals(Optional.of(EarlyTermination.fromMaxIter(9, 2, 2, true)), spec.earlyTerminate());
        assertEquals(List.of(2, 4), spec.earlyTerminate().orElseThrow().milestones());
    }

    @Test
    void rejectsEachBadValueNamingItsField() {
        assertEquals(List.of(
                "early_terminate.type: unknown type \"asha\"; allowed: hyperband",
                "early_terminate.min_iter: must be a positive integer, found 0",
                "early_terminate.eta: must be a number > 1, found 1",
                "early_terminate.strict: must be true or false, found \"yes please\""),
                problems("method: random\nearly_terminate: {type: asha, min_iter: 0, eta: 1, strict: yes please}\n" + PARAMETERS));
    }

    @Test
    void rejectsAMissingTypeAndUnknownKeys() {
        assertEquals(List.of(
                "early_terminate.min_itr: unknown key (did you mean min_iter?); allowed: type, min_iter, max_iter, s, eta, strict",
                "early_terminate.type: required; allowed: hyperband",
                "early_terminate: give min_iter (the first bracket, in epochs) or max_iter with s (brackets at max_iter / eta^k, k = 1..s)"),
                problems("method: random\nearly_terminate: {min_itr: 3}\n" + PARAMETERS));
    }

    @Test
    void rejectsMinIterWithMaxIterAndMaxIterWithoutS() {
        assertEquals(List.of("early_terminate: give min_iter or max_iter, not both"),
                problems("method: random\nearly_terminate: {type: hyperband, min_iter: 3, max_iter: 27, s: 2}\n" + PARAMETERS));
        assertEquals(List.of("early_terminate.s: required with max_iter: the number of brackets below it"),
                problems("method: random\nearly_terminate: {type: hyperband, max_iter: 27}\n" + PARAMETERS));
        assertEquals(List.of("early_terminate.s: goes with max_iter only; min_iter's brackets are min_iter * eta^k"),
                problems("method: random\nearly_terminate: {type: hyperband, min_iter: 3, s: 2}\n" + PARAMETERS));
    }

    @Test
    void rejectsMaxIterBelowEtaForItGivesNoBracket() {
        assertEquals(List.of("early_terminate.max_iter: max_iter / eta = 2 / 3 is below 1 epoch, so there is no bracket; raise max_iter or lower eta"),
                problems("method: random\nearly_terminate: {type: hyperband, max_iter: 2, s: 1, eta: 3}\n" + PARAMETERS));
    }

    @Test
    void rejectsAMetricMeasuredOnlyAtTheEnd() {
        assertEquals(List.of("early_terminate: needs a metric every epoch reports (val_accuracy, val_loss, train_accuracy, train_loss);"
                        + " metric.name is test_accuracy, measured once at the end of a run"),
                problems("method: random\nmetric: {name: test_accuracy}\nearly_terminate: {type: hyperband, min_iter: 1}\n" + PARAMETERS));
    }

    @Test
    void rejectsABlockThatIsNotAMap() {
        assertEquals(List.of("early_terminate: must be a map with keys type, min_iter, max_iter, s, eta, strict, found \"hyperband\""),
                problems("method: random\nearly_terminate: hyperband\n" + PARAMETERS));
    }

    @Test
    void theRecordRefusesWhatTheParserWouldReport() {
        assertThrows(IllegalArgumentException.class, () -> EarlyTermination.fromMinIter(0, 3, false));
        assertThrows(IllegalArgumentException.class, () -> EarlyTermination.fromMinIter(1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> EarlyTermination.fromMaxIter(2, 1, 3, false));
    }
}
