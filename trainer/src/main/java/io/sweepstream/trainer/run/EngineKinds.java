package io.sweepstream.trainer.run;

import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.OptimizerKind;

/**
 * The one mapping between the wire's enums ({@code io.sweepstream.schemas.avro.*Kind}) and the engine's
 * kinds. Each engine kind has the Avro symbol of the same name and back; {@code EngineKindsTest} pins
 * that, so adding an optimizer (or activation, loss, initialisation) to one side only fails the build's tests
 * instead of a run.
 */
public final class EngineKinds {

    private EngineKinds() {
    }

    public static LossKind engine(io.sweepstream.schemas.avro.LossKind wire) {
        return LossKind.valueOf(wire.name());
    }

    public static OptimizerKind engine(io.sweepstream.schemas.avro.OptimizerKind wire) {
        return OptimizerKind.valueOf(wire.name());
    }

    public static InitKind engine(io.sweepstream.schemas.avro.InitKind wire) {
        return InitKind.valueOf(wire.name());
    }

    public static ActivationKind engine(io.sweepstream.schemas.avro.ActivationKind wire) {
        return ActivationKind.valueOf(wire.name());
    }

    public static io.sweepstream.schemas.avro.LossKind wire(LossKind engine) {
        return io.sweepstream.schemas.avro.LossKind.valueOf(engine.name());
    }

    public static io.sweepstream.schemas.avro.OptimizerKind wire(OptimizerKind engine) {
        return io.sweepstream.schemas.avro.OptimizerKind.valueOf(engine.name());
    }

    public static io.sweepstream.schemas.avro.InitKind wire(InitKind engine) {
        return io.sweepstream.schemas.avro.InitKind.valueOf(engine.name());
    }

    public static io.sweepstream.schemas.avro.ActivationKind wire(ActivationKind engine) {
        return io.sweepstream.schemas.avro.ActivationKind.valueOf(engine.name());
    }
}
