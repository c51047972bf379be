package io.sweepstream.trainer.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.FMatrixRMaj;

/**
 * {@link MatMul} on the JDK Vector API ({@code jdk.incubator.vector}), register-blocked: each inner loop keeps a
 * block of 4 rows × 2 vectors of the output (or, for a·bᵀ, 4 × 2 dot products) in registers and streams one operand
 * once per block. 24-42 GFLOP/s single-threaded on the MLP shapes here (DESIGN.md), against 2-6 for EJML.
 *
 * <p>This class is only loaded when the module is present (see {@link Backends}): it is the one place that imports
 * the incubator API, so the engine still runs on EJML when {@code --add-modules jdk.incubator.vector} is missing.
 * Row and column remainders fall back to narrower blocks and scalar loops, so every shape works. Results are
 * deterministic for a given shape (a fixed summation order), but differ from EJML's in the last bits.
 */
final class VectorMatMul implements RowSplittable {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    VectorMatMul() {
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        return "JDK Vector API kernel, " + S.vectorBitSize() + "-bit (" + L + " floats per vector)";
    }

    // Each output element is summed in the same order whatever the row range, so splitting rows over threads
    // gives the same bits as one call.

    @Override
    public void multRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int k = a.numCols;
        int n = b.numCols;
        // c[i][j] = Σ_p a[i][p]·b[p][j]: a[i][p] at i·k + p
        broadcastKernel(a.data, from * k, k, 1, b.data, c.data, from * n, to - from, n, k);
    }

    @Override
    public void multTransARows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int m = a.numCols;
        // c[i][j] = Σ_p a[p][i]·b[p][j]: a[p][i] at i + p·m
        broadcastKernel(a.data, from, 1, m, b.data, c.data, from * b.numCols, to - from, b.numCols, a.numRows);
    }

    @Override
    public void multTransBRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int k = a.numCols;
        dotKernel(a.data, from * k, b.data, c.data, from * b.numRows, to - from, b.numRows, k);
    }

    /**
     * c (m×n) = Σ_p A[i][p]·b[p][j] where A[i][p] = a[i·rowStride + p·innerStride] and b is k×n row-major. Every
     * output block accumulates over all of p in registers, then is stored once (no read of c: it is overwritten).
     */
    private static void broadcastKernel(float[] a, int aOff, int rowStride, int innerStride, float[] b, float[] c,
                                        int cOff, int m, int n, int k) {
        int n2 = n - n % (2 * L);
        int n1 = n - n % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * rowStride;
            int a1 = a0 + rowStride;
            int a2 = a1 + rowStride;
            int a3 = a2 + rowStride;
            int j = 0;
            for (; j < n2; j += 2 * L) {
                FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += innerStride, bp += n) {
                    // c[i..i+3][j..j+2L) += a[i..i+3][p] · b[p][j..j+2L)
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                    FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                    c00 = x.fma(b0, c00);
                    c01 = x.fma(b1, c01);
                    x = FloatVector.broadcast(S, a[a1 + ap]);
                    c10 = x.fma(b0, c10);
                    c11 = x.fma(b1, c11);
                    x = FloatVector.broadcast(S, a[a2 + ap]);
                    c20 = x.fma(b0, c20);
                    c21 = x.fma(b1, c21);
                    x = FloatVector.broadcast(S, a[a3 + ap]);
                    c30 = x.fma(b0, c30);
                    c31 = x.fma(b1, c31);
                }
                int c0 = cOff + i * n + j;
                c00.intoArray(c, c0);
                c01.intoArray(c, c0 + L);
                c10.intoArray(c, c0 + n);
                c11.intoArray(c, c0 + n + L);
                c20.intoArray(c, c0 + 2 * n);
                c21.intoArray(c, c0 + 2 * n + L);
                c30.intoArray(c, c0 + 3 * n);
                c31.intoArray(c, c0 + 3 * n + L);
            }
            for (; j < n1; j += L) {
                FloatVector c0v = FloatVector.zero(S), c1v = FloatVector.zero(S);
                FloatVector c2v = FloatVector.zero(S), c3v = FloatVector.zero(S);
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += innerStride, bp += n) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    c0v = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0v);
                    c1v = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1v);
                    c2v = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2v);
                    c3v = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3v);
                }
                int c0 = cOff + i * n + j;
                c0v.intoArray(c, c0);
                c1v.intoArray(c, c0 + n);
                c2v.intoArray(c, c0 + 2 * n);
                c3v.intoArray(c, c0 + 3 * n);
            }
            for (; j < n; j++) {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += innerStride, bp += n) {
                    float bv = b[bp];
                    s0 = Math.fma(a[a0 + ap], bv, s0);
                    s1 = Math.fma(a[a1 + ap], bv, s1);
                    s2 = Math.fma(a[a2 + ap], bv, s2);
                    s3 = Math.fma(a[a3 + ap], bv, s3);
                }
                c[cOff + i * n + j] = s0;
                c[cOff + (i + 1) * n + j] = s1;
                c[cOff + (i + 2) * n + j] = s2;
                c[cOff + (i + 3) * n + j] = s3;
            }
        }
        for (; i < m; i++) {
            int a0 = aOff + i * rowStride;
            int j = 0;
            for (; j < n1; j += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += innerStride, bp += n) {
                    acc = FloatVector.broadcast(S, a[a0 + ap]).fma(FloatVector.fromArray(S, b, bp), acc);
                }
                acc.intoArray(c, cOff + i * n + j);
            }
            for (; j < n; j++) {
                float s = 0;
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += innerStride, bp += n) {
                    s = Math.fma(a[a0 + ap], b[bp], s);
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /**
     * c (m×n) = a (m×k) · b (n×k)ᵀ: c[i][j] = Σ_p a[i][p]·b[j][p], both rows contiguous in p. Blocks of 4 rows of a ×
     * 2 rows of b keep 8 vector partial sums, reduced across lanes once per output; p past the last whole vector is
     * added in scalar.
     */
    private static void dotKernel(float[] a, int aOff, float[] b, float[] c, int cOff, int m, int n, int k) {
        int kv = k - k % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                int b0 = j * k;
                int b1 = b0 + k;
                FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
                    FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
                    FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                    c00 = x.fma(y0, c00);
                    c01 = x.fma(y1, c01);
                    x = FloatVector.fromArray(S, a, a1 + p);
                    c10 = x.fma(y0, c10);
                    c11 = x.fma(y1, c11);
                    x = FloatVector.fromArray(S, a, a2 + p);
                    c20 = x.fma(y0, c20);
                    c21 = x.fma(y1, c21);
                    x = FloatVector.fromArray(S, a, a3 + p);
                    c30 = x.fma(y0, c30);
                    c31 = x.fma(y1, c31);
                }
                float s00 = c00.reduceLanes(VectorOperators.ADD), s01 = c01.reduceLanes(VectorOperators.ADD);
                float s10 = c10.reduceLanes(VectorOperators.ADD), s11 = c11.reduceLanes(VectorOperators.ADD);
                float s20 = c20.reduceLanes(VectorOperators.ADD), s21 = c21.reduceLanes(VectorOperators.ADD);
                float s30 = c30.reduceLanes(VectorOperators.ADD), s31 = c31.reduceLanes(VectorOperators.ADD);
                for (int p = kv; p < k; p++) {
                    float y0 = b[b0 + p];
                    float y1 = b[b1 + p];
                    s00 = Math.fma(a[a0 + p], y0, s00);
                    s01 = Math.fma(a[a0 + p], y1, s01);
                    s10 = Math.fma(a[a1 + p], y0, s10);
                    s11 = Math.fma(a[a1 + p], y1, s11);
                    s20 = Math.fma(a[a2 + p], y0, s20);
                    s21 = Math.fma(a[a2 + p], y1, s21);
                    s30 = Math.fma(a[a3 + p], y0, s30);
                    s31 = Math.fma(a[a3 + p], y1, s31);
                }
                int c0 = cOff + i * n + j;
                c[c0] = s00;
                c[c0 + 1] = s01;
                c[c0 + n] = s10;
                c[c0 + n + 1] = s11;
                c[c0 + 2 * n] = s20;
                c[c0 + 2 * n + 1] = s21;
                c[c0 + 3 * n] = s30;
                c[c0 + 3 * n + 1] = s31;
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    c[cOff + (i + r) * n + j] = dot(a, aOff + (i + r) * k, b, j * k, k, kv);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * n + j] = dot(a, aOff + i * k, b, j * k, k, kv);
            }
        }
    }

    private static float dot(float[] a, int a0, float[] b, int b0, int k, int kv) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[a0 + p], b[b0 + p], s);
        }
        return s;
    }
}
