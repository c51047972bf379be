package io.sweepstream.trainer.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;

/**
 * What a trainer worker does, in the order it happens: for each run it trains, {@link RunStarted}, an
 * {@link EpochEnded} per epoch, then {@link RunEnded} once its result is written, or
 * {@link RunHandedBack} when it leaves the run to another trainer without a result. {@link BrokerLost}
 * and {@link BrokerBack} alternate, whatever the worker is doing; {@link GoneWorkerRemoved} when it
 * removes a dead worker's record from {@code workers.status}.
 */
public sealed interface WorkerEvent {

    /** The worker that tells. */
    String workerId();

    /** The worker begins to train a run; {@code attempt} is above 1 when an earlier trainer did not finish it. */
    record RunStarted(String workerId, String runId, int attempt, Hyperparameters hyperparameters) implements WorkerEvent {
        static {
            AvroClassTrust.install(); // copying a generated record checks that its classes are trusted
        }

        public RunStarted {
            Objects.requireNonNull(runId, "runId");
            // Avro records are mutable: keep a copy of our own, and hand out copies.
            hyperparameters = Hyperparameters.newBuilder(hyperparameters).build();
        }

        @Override
        public Hyperparameters hyperparameters() {
            return Hyperparameters.newBuilder(hyperparameters).build();
        }
    }

    /** An epoch of a run ended; accuracies in [0, 1]. */
    record EpochEnded(String workerId, String runId, int epoch, int epochs, double trainLoss, double trainAccuracy,
                      double valLoss, double valAccuracy, double samplesPerSecond) implements WorkerEvent {
        public EpochEnded {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /**
     * A run's result is written: how it ended, its best validation accuracy and that epoch (empty and 0
     * when no epoch ended), how long it trained, and the error of a run that FAILED or DIVERGED.
     */
    record RunEnded(String workerId, String runId, int attempt, RunStatus status, OptionalDouble bestValAccuracy, int bestEpoch,
                    int epochsCompleted, Duration duration, String error) implements WorkerEvent {
        public RunEnded {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(bestValAccuracy, "bestValAccuracy");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The worker leaves a run it started to another trainer, without a result, for {@code reason}. */
    record RunHandedBack(String workerId, String runId, String reason) implements WorkerEvent {
        public RunHandedBack {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The broker stopped answering; the worker keeps retrying. */
    record BrokerLost(String workerId, String reason) implements WorkerEvent {
        public BrokerLost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The broker answers again, {@code outage} after it was found lost. */
    record BrokerBack(String workerId, Duration outage) implements WorkerEvent {
        public BrokerBack {
            Objects.requireNonNull(outage, "outage");
        }
    }

    /** The worker removed another worker's record from {@code workers.status}: it had been silent for {@code silentFor}. */
    record GoneWorkerRemoved(String workerId, String goneWorkerId, Duration silentFor) implements WorkerEvent {
        public GoneWorkerRemoved {
            Objects.requireNonNull(goneWorkerId, "goneWorkerId");
            Objects.requireNonNull(silentFor, "silentFor");
        }
    }
}
