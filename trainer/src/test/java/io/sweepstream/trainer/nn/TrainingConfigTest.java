package io.sweepstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweepstream.trainer.nn.optim.OptimizerKind;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingConfigTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("epochs", c -> c.withEpochs(0)),
                bad("batchSize", c -> c.withBatchSize(-5)),
                bad("learningRate", c -> c.withLearningRate(-0.1)),
                bad("learningRate", c -> c.withLearningRate(Double.NaN)),
                bad("momentum", c -> c.withMomentum(1.0)),
                bad("beta", c -> c.withBeta(-0.1)),
                bad("beta1", c -> c.withBeta1(1.5)),
                bad("beta2", c -> c.withBeta2(1.0)),
                bad("epsilon", c -> c.withEpsilon(0)),
                bad("weightDecay", c -> c.withWeightDecay(-1e-4)),
                bad("numLayers", c -> c.withNumLayers(0)),
                bad("hiddenSize", c -> c.withHiddenSize(0)),
                bad("optimizer", c -> c.withOptimizer(null)),
                bad("loss", c -> c.withLoss(null)),
                bad("weightInit", c -> c.withWeightInit(null)),
                bad("activation", c -> c.withActivation(null)));
    }

    private static Arguments bad(String field, Function<TrainingConfig, TrainingConfig> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsABadValueWithAMessageNamingTheField(String field, Function<TrainingConfig, TrainingConfig> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(TrainingConfig.defaults()));
        assertEquals(field + " must be", e.getMessage().substring(0, field.length() + 8), e.getMessage());
    }

    @Test
    void namesTheValueFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withLearningRate(-0.5));
        assertEquals("learningRate must be > 0, found -0.5", e.getMessage());
    }

    @Test
    void withChangesOnlyTheNamedField() {
        TrainingConfig base = TrainingConfig.defaults();
        TrainingConfig changed = base.withOptimizer(OptimizerKind.NAG).withSeed(9);
        assertEquals(OptimizerKind.NAG, changed.optimizer());
        assertEquals(9L, changed.seed());
        assertEquals(base.withOptimizer(OptimizerKind.NAG).withSeed(9), changed);
        assertEquals(base, changed.withOptimizer(base.optimizer()).withSeed(base.seed()));
    }
}
