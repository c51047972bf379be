package io.sweepstream.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.OptimizerKind;

/**
 * Pins the wire's enum symbols to the engine's kinds: same names in the same order, both ways, and the engine's
 * command-line names are the table's choices (the Avro symbols in lower case).
 */
class EngineKindsTest {

    @Test
    void everyLossHasTheAvroSymbolOfItsNameAndBack() {
        assertEquals(names(LossKind.values()), names(io.sweepstream.schemas.avro.LossKind.values()));
        for (LossKind k : LossKind.values()) {
            assertEquals(k, EngineKinds.engine(EngineKinds.wire(k)));
        }
        for (io.sweepstream.schemas.avro.LossKind w : io.sweepstream.schemas.avro.LossKind.values()) {
            assertEquals(w, EngineKinds.wire(EngineKinds.engine(w)));
        }
        assertEquals(Hyperparameter.LOSS.choices(), Arrays.stream(LossKind.values()).map(LossKind::cliName).toList());
    }

    @Test
    void everyOptimizerHasTheAvroSymbolOfItsNameAndBack() {
        assertEquals(names(OptimizerKind.values()), names(io.sweepstream.schemas.avro.OptimizerKind.values()));
        for (OptimizerKind k : OptimizerKind.values()) {
            assertEquals(k, EngineKinds.engine(EngineKinds.wire(k)));
        }
        for (io.sweepstream.schemas.avro.OptimizerKind w : io.sweepstream.schemas.avro.OptimizerKind.values()) {
            assertEquals(w, EngineKinds.wire(EngineKinds.engine(w)));
        }
        assertEquals(Hyperparameter.OPTIMIZER.choices(), Arrays.stream(OptimizerKind.values()).map(OptimizerKind::cliName).toList());
    }

    @Test
    void everyInitialisationHasTheAvroSymbolOfItsNameAndBack() {
        assertEquals(names(InitKind.values()), names(io.sweepstream.schemas.avro.InitKind.values()));
        for (InitKind k : InitKind.values()) {
            assertEquals(k, EngineKinds.engine(EngineKinds.wire(k)));
        }
        for (io.sweepstream.schemas.avro.InitKind w : io.sweepstream.schemas.avro.InitKind.values()) {
            assertEquals(w, EngineKinds.wire(EngineKinds.engine(w)));
        }
        assertEquals(Hyperparameter.WEIGHT_INIT.choices(), Arrays.stream(InitKind.values()).map(InitKind::cliName).toList());
    }

    @Test
    void everyActivationHasTheAvroSymbolOfItsNameAndBack() {
        assertEquals(names(ActivationKind.values()), names(io.sweepstream.schemas.avro.ActivationKind.values()));
        for (ActivationKind k : ActivationKind.values()) {
            assertEquals(k, EngineKinds.engine(EngineKinds.wire(k)));
        }
        for (io.sweepstream.schemas.avro.ActivationKind w : io.sweepstream.schemas.avro.ActivationKind.values()) {
            assertEquals(w, EngineKinds.wire(EngineKinds.engine(w)));
        }
        assertEquals(Hyperparameter.ACTIVATION.choices(), Arrays.stream(ActivationKind.values()).map(ActivationKind::cliName).toList());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
