package io.sweepstream.schemas.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs code under test on bad input and fails the test if it hangs or allocates far more than the
 * input could justify (a poisoned length trusted). For property-based tests: one shared thread, so a
 * try costs microseconds, not a new thread.
 */
public final class Bounded {

    /** A hang guard, far above any parse of a small input; only a hanging test waits this long. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(30);
    /** What parsing a few KB may allocate in all; a trusted 2^31 length is far above. */
    public static final long MAX_ALLOCATED = 64L << 20;

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bounded-call");
        t.setDaemon(true);
        return t;
    });

    private Bounded() {
    }

    /**
     * The value of {@code call}, or the runtime exception it threw, as is; fails the test when it did
     * not end within {@link #HANG_GUARD} or allocated {@link #MAX_ALLOCATED} bytes or more.
     *
     * @param what names the input in failure messages, e.g. "decoding 40 bytes"
     */
    public static <T> T call(String what, Supplier<T> call) {
        Future<Outcome<T>> future = THREAD.submit(() -> {
            long before = allocatedBytes();
            try {
                return new Outcome<>(call.get(), null, allocatedBytes() - before);
            } catch (RuntimeException e) {
                return new Outcome<>(null, e, allocatedBytes() - before);
            }
        });
        Outcome<T> outcome;
        try {
            outcome = future.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail(what + " did not end within " + HANG_GUARD);
        } catch (ExecutionException e) {
            // an Error (OutOfMemoryError, StackOverflowError): the test fails with it
            return fail(what + " failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
        assertTrue(outcome.allocated() < MAX_ALLOCATED, what + " allocated " + outcome.allocated() + " bytes");
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.value();
    }

    private record Outcome<T>(T value, RuntimeException error, long allocated) {
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
