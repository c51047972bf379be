package io.sweepstream.trainer.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.avro.CheckpointEpoch;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.trainer.nn.EpochMetrics;
import io.sweepstream.trainer.nn.TrainingCheckpoint;
import io.sweepstream.trainer.nn.optim.OptimizerState;

/**
 * The engine's {@link TrainingCheckpoint} to and from the wire's {@link RunCheckpoint}. Tensors travel as float32
 * little-endian bytes: the engine trains in float32, so the round trip is exact.
 */
public final class RunCheckpoints {

    private RunCheckpoints() {
    }

    /**
     * The wire form of {@code checkpoint}, a run of {@code request}.
     *
     * @param epochWorkers   worker that trained each epoch, 1..checkpoint.epoch()
     * @param epochEndsMs    when each epoch ended (epoch milliseconds), 1..checkpoint.epoch()
     */
    public static RunCheckpoint toWire(RunRequest request, int attempt, String workerId, TrainingCheckpoint checkpoint,
                                       List<String> epochWorkers, List<Long> epochEndsMs) {
        List<CheckpointEpoch> history = new ArrayList<>();
        for (EpochMetrics m : checkpoint.history()) {
            history.add(new CheckpointEpoch(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(),
                    m.samplesPerSecond(), m.epochSeconds(), epochWorkers.get(m.epoch() - 1), epochEndsMs.get(m.epoch() - 1)));
        }
        OptimizerState optimizer = checkpoint.optimizer();
        return RunCheckpoint.newBuilder()
                .setSweepId(request.getSweepId())
                .setRunId(request.getRunId())
                .setAttempt(attempt)
                .setWorkerId(workerId)
                .setDataset(request.getDataset())
                .setSeed(request.getSeed())
                .setHyperparameters(request.getHyperparameters())
                .setEpoch(checkpoint.epoch())
                .setParameters(bytes(checkpoint.parameters()))
                .setOptimizerSteps(optimizer.steps())
                .setOptimizerState(bytes(optimizer.slots()))
                .setHistory(history)
                .setElapsedMs(Math.round(checkpoint.elapsedSeconds() * 1000))
                .setWrittenAtMs(System.currentTimeMillis())
                .build();
    }

    /**
     * The engine's checkpoint from the wire form.
     *
     * @throws IllegalArgumentException if a tensor's bytes are not whole floats, or the history is inconsistent
     */
    public static TrainingCheckpoint fromWire(RunCheckpoint c) {
        List<EpochMetrics> history = new ArrayList<>();
        for (CheckpointEpoch e : c.getHistory()) {
            history.add(new EpochMetrics(e.getEpoch(), e.getTrainLoss(), e.getTrainAccuracy(), e.getValLoss(),
                    e.getValAccuracy(), e.getSamplesPerSecond(), e.getEpochSeconds()));
        }
        return new TrainingCheckpoint(c.getEpoch(), floats(c.getParameters()),
                new OptimizerState(c.getOptimizerSteps(), floats(c.getOptimizerState())), history, c.getElapsedMs() / 1000.0);
    }

    /** Why {@code checkpoint} cannot continue {@code request} (another dataset, seed or config), or null if it can. */
    public static String mismatch(RunRequest request, RunCheckpoint checkpoint) {
        if (!request.getRunId().equals(checkpoint.getRunId())) {
            return "it is of run " + checkpoint.getRunId();
        }
        if (!request.getDataset().equals(checkpoint.getDataset()) || request.getSeed() != checkpoint.getSeed()
                || !request.getHyperparameters().equals(checkpoint.getHyperparameters())) {
            return "it was written for another dataset, seed or configuration of this run id";
        }
        return null;
    }

    private static List<ByteBuffer> bytes(float[][] tensors) {
        List<ByteBuffer> out = new ArrayList<>(tensors.length);
        for (float[] t : tensors) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t);
            out.add(b);
        }
        return out;
    }

    private static float[][] floats(List<ByteBuffer> tensors) {
        float[][] out = new float[tensors.size()][];
        for (int k = 0; k < out.length; k++) {
            ByteBuffer b = tensors.get(k).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() % 4 != 0) {
                throw new IllegalArgumentException("tensor " + k + " has " + b.remaining() + " bytes, not whole float32s");
            }
            out[k] = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out[k]);
        }
        return out;
    }
}
