package io.sweepstream.trainer.math;

/** {@link Kernels} as plain loops: the reference, and what runs without the Vector API module. */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void addRowVector(float[] z, float[] b, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                z[base + j] += b[j];
            }
        }
    }

    @Override
    public void sumRows(float[] d, float[] out, int rows, int cols) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += d[base + j];
            }
        }
    }

    @Override
    public void scaleBytes(byte[] src, int from, float[] dst, int to, int n, float scale) {
        for (int j = 0; j < n; j++) {
            dst[to + j] = (src[from + j] & 0xFF) * scale;
        }
    }

    @Override
    public void relu(float[] z, float[] b, float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                float v = b == null ? z[base + j] : z[base + j] + b[j];
                z[base + j] = v;
                a[base + j] = v > 0f ? v : 0f;
            }
        }
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = z[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public void sigmoid(float[] z, float[] b, float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                float v = b == null ? z[base + j] : z[base + j] + b[j];
                z[base + j] = v;
                // two branches so that e^x never overflows: for z < 0, 1/(1+e^-z) = e^z/(1+e^z)
                if (v >= 0) {
                    a[base + j] = (float) (1.0 / (1.0 + Math.exp(-v)));
                } else {
                    double e = Math.exp(v);
                    a[base + j] = (float) (e / (1.0 + e));
                }
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] a, float[] g, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = g[i] * a[i] * (1f - a[i]);
        }
    }

    @Override
    public void tanh(float[] z, float[] b, float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                float v = b == null ? z[base + j] : z[base + j] + b[j];
                z[base + j] = v;
                a[base + j] = (float) Math.tanh(v);
            }
        }
    }

    @Override
    public void tanhBackward(float[] a, float[] g, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = g[i] * (1f - a[i] * a[i]);
        }
    }

    @Override
    public void sgd(float[] w, float[] grad, float decay, float lr) {
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            w[i] -= lr * g;
        }
    }

    @Override
    public void momentum(float[] w, float[] grad, float[] v, float decay, float lr, float mu) {
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            v[i] = mu * v[i] + lr * g;
            w[i] -= v[i];
        }
    }

    @Override
    public void nesterov(float[] w, float[] grad, float[] v, float decay, float lr, float mu) {
        for (int i = 0; i < w.length; i++) {
            float step = lr * (grad[i] + decay * w[i]);
            v[i] = mu * v[i] + step;
            w[i] -= mu * v[i] + step;
        }
    }

    @Override
    public void rmsprop(float[] w, float[] grad, float[] s, float decay, float lr, float beta, float eps) {
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            s[i] = beta * s[i] + (1f - beta) * g * g;
            w[i] -= lr * g / ((float) Math.sqrt(s[i]) + eps);
        }
    }

    @Override
    public void adam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
                     float c1, float c2, float eps) {
        float lrOverC1 = lr / c1;
        float invC2 = 1f / c2;
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            w[i] -= m[i] * lrOverC1 / ((float) Math.sqrt(v[i] * invC2) + eps);
        }
    }

    @Override
    public void nadam(float[] w, float[] grad, float[] m, float[] v, float decay, float lr, float beta1, float beta2,
                      float nextC1, float c1, float c2, float eps) {
        float mScale = lr * beta1 / nextC1;
        float gScale = lr * (1f - beta1) / c1;
        float invC2 = 1f / c2;
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1f - beta1) * g;
            v[i] = beta2 * v[i] + (1f - beta2) * g * g;
            w[i] -= (m[i] * mScale + g * gScale) / ((float) Math.sqrt(v[i] * invC2) + eps);
        }
    }
}
