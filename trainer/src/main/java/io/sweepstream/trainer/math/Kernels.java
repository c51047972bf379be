package io.sweepstream.trainer.math;

/**
 * The engine's element-wise loops besides the matrix products: bias + activation (fused, one pass), their
 * gradients, column sums, pixel scaling and the optimizer updates. Every loop runs over contiguous arrays and
 * allocates nothing.
 *
 * <p>Two implementations: {@link ScalarKernels} (plain loops) and {@code VectorKernels} (JDK Vector API, loaded
 * only when {@code jdk.incubator.vector} is present; {@link #get()} picks it then, whatever the matrix-multiply
 * backend). They use the same operations in the same order, so they agree bit for bit except in the
 * transcendental functions (sigmoid's exponential, tanh), where the vector versions use the JDK's vectorised
 * intrinsics and may differ in the last bits.
 */
public interface Kernels {

    /** "vector" or "scalar". */
    String name();

    /** The Vector API kernels when the module is present, else the scalar ones. */
    static Kernels get() {
        return KernelsHolder.BEST;
    }

    /** The plain-loop kernels (always available). */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    // ------------------------------------------------------------------ layers

    /** z[r][j] += b[j] for the first {@code rows} rows of a row-major rows×cols z. */
    void addRowVector(float[] z, float[] b, int rows, int cols);

    /** out[j] = Σ_r d[r][j] over the first {@code rows} rows of a row-major rows×cols d. */
    void sumRows(float[] d, float[] out, int rows, int cols);

    /** dst[to + j] = (src[from + j] &amp; 0xFF)·scale for j &lt; n: unsigned pixels to floats. */
    void scaleBytes(byte[] src, int from, float[] dst, int to, int n, float scale);

    // ------------------------------------------------------------------ activations (bias may be null: none)

    /** z += b (per row), then a = z &gt; 0 ? z : 0. */
    void relu(float[] z, float[] b, float[] a, int rows, int cols);

    /** out = z &gt; 0 ? g : 0 (out may be g). */
    void reluBackward(float[] z, float[] g, float[] out, int n);

    /** z += b (per row), then a = 1 / (1 + e^-z). */
    void sigmoid(float[] z, float[] b, float[] a, int rows, int cols);

    /** out = g·a·(1 - a) (out may be g). */
    void sigmoidBackward(float[] a, float[] g, float[] out, int n);

    /** z += b (per row), then a = tanh z. */
    void tanh(float[] z, float[] b, float[] a, int rows, int cols);

    /** out = g·(1 - a²) (out may be g). */
    void tanhBackward(float[] a, float[] g, float[] out, int n);

    // ------------------------------------------------------------------ optimizers: g = grad + decay·w

    /** w ← w - lr·g. */
    void sgd(float[] w, float[] grad, float decay, float lr);

    /** v ← μ·v + lr·g; w ← w - v. */
    void momentum(float[] w, float[] grad, float[] v, float decay, float lr, float mu);

    /** v ← μ·v + lr·g; w ← w - (μ·v + lr·g). */
    void nesterov(float[] w, float[] grad, float[] v, float decay, float lr, float mu);

    /** s ← β·s + (1-β)·g²; w ← w - lr·g / (√s + ε). */
    void rmsprop(float[] w, float[] grad, float[] s, float decay, float lr, float beta, float eps);

    /**
     * m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²; w ← w - lr·(m/c1) / (√(v/c2) + ε), computed as
     * w - m·(lr/c1) / (√(v·(1/c2)) + ε): one division per element instead of three.
     */
    void adam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
              float c1, float c2, float eps);

    /**
     * As adam, with w ← w - lr·(β1·m/nextC1 + (1-β1)·g/c1) / (√(v/c2) + ε), computed as
     * w - (m·(lr·β1/nextC1) + g·(lr·(1-β1)/c1)) / (√(v·(1/c2)) + ε).
     */
    void nadam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
               float nextC1, float c1, float c2, float eps);
}

/** Loads the vector kernels by name, so nothing links against the incubator API unless the module is there. */
final class KernelsHolder {

    static final Kernels BEST = load();

    private KernelsHolder() {
    }

    private static Kernels load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernels) Class.forName("io.sweepstream.trainer.math.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to the plain loops
            }
        }
        return ScalarKernels.INSTANCE;
    }
}
