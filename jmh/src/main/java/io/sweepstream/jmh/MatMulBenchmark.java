package io.sweepstream.jmh;

import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three products of a dense layer on each backend, on the MLP shapes of the peer configs (batch × fanIn × fanOut):
 * forward z = a·W, weight gradient dW = aᵀ·δ, input gradient δ·Wᵀ. Each operation is 2·batch·fanIn·fanOut floating-point
 * operations, so GFLOP/s = ops/µs · 2·m·k·n / 1000. A backend that cannot load here fails its runs with the reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatMulBenchmark {

    @Param({"blas", "vector", "ejml"})
    public String backend;

    /** batch x fanIn x fanOut: A's first and hidden layers, B's and C's first layers. */
    @Param({"64x784x128", "64x128x128", "16x784x32", "32x784x64"})
    public String shape;

    private MatMul matMul;
    private FMatrixRMaj a;
    private FMatrixRMaj w;
    private FMatrixRMaj z;
    private FMatrixRMaj delta;
    private FMatrixRMaj gradW;
    private FMatrixRMaj gradA;

    @Setup
    public void setUp() {
        Backends.Kind kind = Backends.Kind.valueOf(backend.toUpperCase(Locale.ROOT));
        matMul = Backends.get(kind);
        if (matMul == null) {
            throw new IllegalStateException(backend + " unavailable: " + Backends.unavailable().get(kind));
        }
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]);
        int k = Integer.parseInt(d[1]);
        int n = Integer.parseInt(d[2]);
        SplittableRandom random = new SplittableRandom(7);
        a = random(m, k, random);
        w = random(k, n, random);
        delta = random(m, n, random);
        z = new FMatrixRMaj(m, n);
        gradW = new FMatrixRMaj(k, n);
        gradA = new FMatrixRMaj(m, k);
    }

    static FMatrixRMaj random(int rows, int cols, SplittableRandom random) {
        FMatrixRMaj x = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @Benchmark
    public FMatrixRMaj forward() {
        // z = a·W
        matMul.mult(a, w, z);
        return z;
    }

    @Benchmark
    public FMatrixRMaj weightGradient() {
        // dW = aᵀ·δ
        matMul.multTransA(a, delta, gradW);
        return gradW;
    }

    @Benchmark
    public FMatrixRMaj inputGradient() {
        // dL/da = δ·Wᵀ
        matMul.multTransB(delta, w, gradA);
        return gradA;
    }
}
