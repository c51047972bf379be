package io.sweepstream.trainer.math;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK Vector API: the same operations in the same order as {@link ScalarKernels} (so the same
 * bits), a vector at a time, with the scalar loop for the tail; sigmoid and tanh use the JDK's vector EXP and TANH
 * (intrinsics, several times faster than {@code Math.exp}/{@code Math.tanh}, last bits may differ). Loaded by name
 * from {@link Kernels#get()} only when {@code jdk.incubator.vector} is present.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> SB = VectorSpecies.of(byte.class, jdk.incubator.vector.VectorShape.forBitSize(L * 8));
    private static final ScalarKernels TAIL = ScalarKernels.INSTANCE;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    VectorKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void addRowVector(float[] z, float[] b, int rows, int cols) {
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cv; j += L) {
                FloatVector.fromArray(S, z, base + j).add(FloatVector.fromArray(S, b, j)).intoArray(z, base + j);
            }
            for (int j = cv; j < cols; j++) {
                z[base + j] += b[j];
            }
        }
    }

    @Override
    public void sumRows(float[] d, float[] out, int rows, int cols) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cv; j += L) {
                FloatVector.fromArray(S, out, j).add(FloatVector.fromArray(S, d, base + j)).intoArray(out, j);
            }
            for (int j = cv; j < cols; j++) {
                out[j] += d[base + j];
            }
        }
    }

    @Override
    public void scaleBytes(byte[] src, int from, float[] dst, int to, int n, float scale) {
        int nv = SB.length() == L && SI.length() == L ? n - n % L : 0;
        for (int j = 0; j < nv; j += L) {
            // sign-extend to int, mask back to 0..255, convert exactly, scale: (b & 0xFF) * scale
            IntVector wide = (IntVector) ByteVector.fromArray(SB, src, from + j).convertShape(VectorOperators.B2I, SI, 0);
            FloatVector f = (FloatVector) wide.and(0xFF).convert(VectorOperators.I2F, 0);
            f.mul(scale).intoArray(dst, to + j);
        }
        TAIL.scaleBytes(src, from + nv, dst, to + nv, n - nv, scale);
    }

    // z += b on one vector of a row (stored back into z), returned for the activation in the same pass
    private static FloatVector biased(float[] z, float[] b, int base, int j) {
        FloatVector v = FloatVector.fromArray(S, z, base + j);
        if (b != null) {
            v = v.add(FloatVector.fromArray(S, b, j));
            v.intoArray(z, base + j);
        }
        return v;
    }

    private static float biasedScalar(float[] z, float[] b, int i, int j) {
        float v = b == null ? z[i] : z[i] + b[j];
        z[i] = v;
        return v;
    }

    @Override
    public void relu(float[] z, float[] b, float[] a, int rows, int cols) {
        int cv = cols - cols % L;
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cv; j += L) {
                FloatVector v = biased(z, b, base, j);
                // a = z > 0 ? z : 0 (NaN gives 0, as in the scalar loop)
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(a, base + j);
            }
            for (int j = cv; j < cols; j++) {
                float v = biasedScalar(z, b, base + j, j);
                a[base + j] = v > 0f ? v : 0f;
            }
        }
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] out, int n) {
        int nv = n - n % L;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), positive).intoArray(out, i);
        }
        for (int i = nv; i < n; i++) {
            out[i] = z[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public void sigmoid(float[] z, float[] b, float[] a, int rows, int cols) {
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cv; j += L) {
                FloatVector v = biased(z, b, base, j);
                // 1 / (1 + e^-z): e^-z overflows to +inf for z < -88, giving exactly 0; no NaN for finite z
                ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(a, base + j);
            }
            for (int j = cv; j < cols; j++) {
                float v = biasedScalar(z, b, base + j, j);
                a[base + j] = v >= 0 ? (float) (1.0 / (1.0 + Math.exp(-v))) : (float) (Math.exp(v) / (1.0 + Math.exp(v)));
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] a, float[] g, float[] out, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            // g·a·(1 - a), evaluated left to right as in the scalar loop
            FloatVector.fromArray(S, g, i).mul(av).mul(av.neg().add(1f)).intoArray(out, i);
        }
        for (int i = nv; i < n; i++) {
            out[i] = g[i] * a[i] * (1f - a[i]);
        }
    }

    @Override
    public void tanh(float[] z, float[] b, float[] a, int rows, int cols) {
        int cv = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cv; j += L) {
                biased(z, b, base, j).lanewise(VectorOperators.TANH).intoArray(a, base + j);
            }
            for (int j = cv; j < cols; j++) {
                a[base + j] = (float) Math.tanh(biasedScalar(z, b, base + j, j));
            }
        }
    }

    @Override
    public void tanhBackward(float[] a, float[] g, float[] out, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            // g·(1 - a²)
            FloatVector.fromArray(S, g, i).mul(av.mul(av).neg().add(1f)).intoArray(out, i);
        }
        for (int i = nv; i < n; i++) {
            out[i] = g[i] * (1f - a[i] * a[i]);
        }
    }

    // g = grad + decay·w
    private static FloatVector decayed(float[] grad, float[] w, int i, float decay) {
        return FloatVector.fromArray(S, grad, i).add(FloatVector.fromArray(S, w, i).mul(decay));
    }

    @Override
    public void sgd(float[] w, float[] grad, float decay, float lr) {
        int n = w.length;
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) {
            FloatVector g = decayed(grad, w, i, decay);
            FloatVector.fromArray(S, w, i).sub(g.mul(lr)).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float g = grad[i] + decay * w[i];
            w[i] -= lr * g;
        }
    }

    @Override
    public void momentum(float[] w, float[] grad, float[] v, float decay, float lr, float mu) {
        int n = w.length;
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) {
            FloatVector g = decayed(grad, w, i, decay);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(mu).add(g.mul(lr));
            vv.intoArray(v, i);
            FloatVector.fromArray(S, w, i).sub(vv).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float g = grad[i] + decay * w[i];
            v[i] = mu * v[i] + lr * g;
            w[i] -= v[i];
        }
    }

    @Override
    public void nesterov(float[] w, float[] grad, float[] v, float decay, float lr, float mu) {
        int n = w.length;
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) {
            FloatVector step = decayed(grad, w, i, decay).mul(lr);
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(mu).add(step);
            vv.intoArray(v, i);
            FloatVector.fromArray(S, w, i).sub(vv.mul(mu).add(step)).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float step = lr * (grad[i] + decay * w[i]);
            v[i] = mu * v[i] + step;
            w[i] -= mu * v[i] + step;
        }
    }

    @Override
    public void rmsprop(float[] w, float[] grad, float[] s, float decay, float lr, float beta, float eps) {
        int n = w.length;
        int nv = n - n % L;
        float oneMinusBeta = 1f - beta;
        for (int i = 0; i < nv; i += L) {
            FloatVector g = decayed(grad, w, i, decay);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(beta).add(g.mul(oneMinusBeta).mul(g));
            sv.intoArray(s, i);
            FloatVector.fromArray(S, w, i).sub(g.mul(lr).div(sv.sqrt().add(eps))).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float g = grad[i] + decay * w[i];
            s[i] = beta * s[i] + (1f - beta) * g * g;
            w[i] -= lr * g / ((float) Math.sqrt(s[i]) + eps);
        }
    }

    @Override
    public void adam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
                     float c1, float c2, float eps) {
        int n = w.length;
        int nv = n - n % L;
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        float lrOverC1 = lr / c1;
        float invC2 = 1f / c2;
        for (int i = 0; i < nv; i += L) {
            FloatVector g = decayed(grad, w, i, decay);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            // m·(lr/c1) / (√(v·(1/c2)) + ε)
            FloatVector step = mv.mul(lrOverC1).div(vv.mul(invC2).sqrt().add(eps));
            FloatVector.fromArray(S, w, i).sub(step).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float g = grad[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            w[i] -= m[i] * lrOverC1 / ((float) Math.sqrt(v[i] * invC2) + eps);
        }
    }

    @Override
    public void nadam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
                      float nextC1, float c1, float c2, float eps) {
        int n = w.length;
        int nv = n - n % L;
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        float mScale = lr * beta1 / nextC1;
        float gScale = lr * (1f - beta1) / c1;
        float invC2 = 1f / c2;
        for (int i = 0; i < nv; i += L) {
            FloatVector g = decayed(grad, w, i, decay);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            // (m·(lr·β1/nextC1) + g·(lr·(1-β1)/c1)) / (√(v·(1/c2)) + ε)
            FloatVector step = mv.mul(mScale).add(g.mul(gScale)).div(vv.mul(invC2).sqrt().add(eps));
            FloatVector.fromArray(S, w, i).sub(step).intoArray(w, i);
        }
        for (int i = nv; i < n; i++) {
            float g = grad[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            w[i] -= (m[i] * mScale + g * gScale) / ((float) Math.sqrt(v[i] * invC2) + eps);
        }
    }
}
