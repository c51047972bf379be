package io.sweepstream.jmh;

import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.Network;
import io.sweepstream.trainer.nn.Workspace;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.Loss;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.Optimizer;
import io.sweepstream.trainer.nn.optim.OptimizerConfig;
import io.sweepstream.trainer.nn.optim.OptimizerKind;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, optimizer update) of the peer configs' networks on a fixed random batch,
 * per backend: A (5x128 relu, adam, batch 64), B (3x32 tanh, nadam, batch 16), C (4x64 sigmoid, momentum, batch 32).
 * samples/s = steps/s × batch. The steps cycle through 64 random batches and the weights start afresh every iteration:
 * a network that has memorised one batch produces subnormal gradients, whose arithmetic is many times slower and
 * would measure the CPU's subnormal path instead of the engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class TrainingStepBenchmark {

    @Param({"blas", "vector", "ejml"})
    public String backend;

    @Param({"A", "B", "C"})
    public String config;

    private Network network;
    private Workspace workspace;
    private Loss loss;
    private Optimizer optimizer;
    private FMatrixRMaj[] xs;
    private int[][] labels;
    private OptimizerKind optimizerKind;
    private int next;

    @Setup
    public void setUp() {
        Backends.Kind kind = Backends.Kind.valueOf(backend.toUpperCase(Locale.ROOT));
        MatMul matMul = Backends.get(kind);
        if (matMul == null) {
            throw new IllegalStateException(backend + " unavailable: " + Backends.unavailable().get(kind));
        }
        int layers;
        int width;
        int batch;
        ActivationKind activation;
        switch (config) {
            case "A" -> { layers = 5; width = 128; batch = 64; activation = ActivationKind.RELU; optimizerKind = OptimizerKind.ADAM; }
            case "B" -> { layers = 3; width = 32; batch = 16; activation = ActivationKind.TANH; optimizerKind = OptimizerKind.NADAM; }
            case "C" -> { layers = 4; width = 64; batch = 32; activation = ActivationKind.SIGMOID; optimizerKind = OptimizerKind.MOMENTUM; }
            default -> throw new IllegalArgumentException("unknown config '" + config + "', allowed: A, B, C");
        }
        SplittableRandom random = new SplittableRandom(3);
        network = new Network(784, layers, width, 10, activation.create(), matMul);
        workspace = network.newWorkspace(batch);
        loss = LossKind.CROSS_ENTROPY.create();
        xs = new FMatrixRMaj[64];
        labels = new int[xs.length][batch];
        for (int b = 0; b < xs.length; b++) {
            xs[b] = new FMatrixRMaj(batch, 784);
            for (int i = 0; i < xs[b].data.length; i++) {
                xs[b].data[i] = (float) random.nextDouble();
            }
            for (int r = 0; r < batch; r++) {
                labels[b][r] = random.nextInt(10);
            }
        }
    }

    @Setup(Level.Iteration)
    public void freshWeights() {
        network.initialize(InitKind.XAVIER.create(), new SplittableRandom(4));
        optimizer = optimizerKind.create(new OptimizerConfig(1e-3, 0.9, 0.9, 0.9, 0.999, 1e-8, 5e-4), network.parameterSpecs());
    }

    @Benchmark
    public double step() {
        int b = next;
        next = (b + 1) % xs.length;
        double value = network.lossAndGradients(workspace, xs[b], labels[b], loss);
        optimizer.step(network.parameters(), network.gradients());
        return value;
    }
}
