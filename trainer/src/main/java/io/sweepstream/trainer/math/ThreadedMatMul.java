package io.sweepstream.trainer.math;

import java.util.concurrent.locks.LockSupport;
import org.ejml.data.FMatrixRMaj;

/**
 * One training run's products on several cores: each product's output rows are cut into bands (multiples of 4
 * rows, the kernels' block), the calling thread computes the first band and helper threads the others. Products
 * under {@value #MIN_FLOPS} floating-point operations stay on the calling thread, where a hand-off would cost more
 * than it saves.
 *
 * <p>Call order: create one per run with {@link #of}, call the products from one thread only, then {@link #close()},
 * which ends the helpers. Helpers spin for up to {@value #SPIN_MICROS} µs after a band (training issues products
 * back to back), then park. Nothing is allocated per product. On the vector backend every output element is summed
 * in the same order as on one thread, so the bits do not depend on the thread count; on BLAS they may.
 */
public final class ThreadedMatMul implements MatMul, AutoCloseable {

    static final long MIN_FLOPS = 2_000_000;
    static final long SPIN_MICROS = 20;

    private static final int MULT = 0;
    private static final int TRANS_A = 1;
    private static final int TRANS_B = 2;

    private final RowSplittable base;
    private final Helper[] helpers;
    private int sequence;
    private boolean started;

    private ThreadedMatMul(RowSplittable base, int threads) {
        this.base = base;
        this.helpers = new Helper[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Helper(base, "matmul-helper-" + (h + 1));
        }
    }

    /**
     * {@code base} on {@code threads} threads; {@code base} itself when {@code threads} is 1 or the backend cannot
     * split its products (EJML). Close the result when the run ends (closing {@code base} is a no-op).
     *
     * @throws IllegalArgumentException if threads is not in 1..64
     */
    public static MatMul of(MatMul base, int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in 1..64, found " + threads);
        }
        if (threads == 1 || !(base instanceof RowSplittable splittable)) {
            return base;
        }
        return new ThreadedMatMul(splittable, threads);
    }

    /** Closes {@code m} if it is a threaded product (ends its helpers); anything else is left alone. */
    public static void closeIfThreaded(MatMul m) {
        if (m instanceof ThreadedMatMul t) {
            t.close();
        }
    }

    public int threads() {
        return helpers.length + 1;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public String description() {
        return base.description() + ", " + threads() + " threads";
    }

    @Override
    public String toString() {
        return name() + " x" + threads();
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numCols, a.numCols == b.numRows, "a·b", a, b);
        run(MULT, a, b, c, (long) a.numRows * b.numCols * a.numCols);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numCols, b.numCols, a.numRows == b.numRows, "aᵀ·b", a, b);
        run(TRANS_A, a, b, c, (long) a.numCols * b.numCols * a.numRows);
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numRows, a.numCols == b.numCols, "a·bᵀ", a, b);
        run(TRANS_B, a, b, c, (long) a.numRows * b.numRows * a.numCols);
    }

    private void run(int op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, long multiplyAdds) {
        int rows = c.numRows;
        int threads = helpers.length + 1;
        // bands of whole 4-row blocks; fewer threads when there are not enough blocks
        int band = ((rows + threads - 1) / threads + 3) & ~3;
        if (2 * multiplyAdds < MIN_FLOPS || band >= rows) {
            compute(base, op, a, b, c, 0, rows);
            return;
        }
        if (!started) {
            // started on first use, so an instance that never multiplies leaves no threads behind
            started = true;
            for (Helper h : helpers) {
                h.start();
            }
        }
        int seq = ++sequence;
        int used = 0;
        for (int from = band; from < rows; from += band) {
            helpers[used++].post(seq, op, a, b, c, from, Math.min(rows, from + band));
        }
        compute(base, op, a, b, c, 0, band);
        Throwable failure = null;
        for (int h = 0; h < used; h++) {
            Throwable e = helpers[h].await(seq);
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new IllegalStateException("a matmul helper thread failed", failure);
        }
    }

    private static void compute(RowSplittable m, int op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        switch (op) {
            case MULT -> m.multRows(a, b, c, from, to);
            case TRANS_A -> m.multTransARows(a, b, c, from, to);
            default -> m.multTransBRows(a, b, c, from, to);
        }
    }

    @Override
    public void close() {
        for (Helper h : helpers) {
            h.closed = true;
            LockSupport.unpark(h);
        }
    }

    /** A helper thread: waits for a band (spinning briefly, then parked), computes it, signals it done. */
    private static final class Helper extends Thread {
        private final RowSplittable base;
        private volatile int posted;
        private volatile int done;
        private volatile boolean closed;
        private volatile Thread waiter;
        private Throwable failure;
        // the band; written before the volatile write of posted, read after reading it
        private int op;
        private FMatrixRMaj a;
        private FMatrixRMaj b;
        private FMatrixRMaj c;
        private int from;
        private int to;

        Helper(RowSplittable base, String name) {
            super(name);
            this.base = base;
            setDaemon(true);
        }

        void post(int seq, int op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.c = c;
            this.from = from;
            this.to = to;
            posted = seq;
            LockSupport.unpark(this);
        }

        Throwable await(int seq) {
            long spinUntil = System.nanoTime() + SPIN_MICROS * 1000;
            while (done != seq) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    if (done != seq) {
                        LockSupport.parkNanos(this, 1_000_000);
                    }
                    waiter = null;
                }
            }
            Throwable e = failure;
            failure = null;
            return e;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_MICROS * 1000;
                while (posted == seen && !closed) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (closed) {
                    return;
                }
                seen = posted;
                try {
                    compute(base, op, a, b, c, from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }
}
