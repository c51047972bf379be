package io.sweepstream.schemas.role;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.sweepstream.schemas.topic.ErrorKind;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * Runs a role's {@link RoleLoop} on a thread of its own and sorts what the loop throws by
 * {@link ErrorKind}: a retriable error (broker down, timeout, a topic not created yet) is said once in
 * the log and retried every {@link #RETRY_BACKOFF} until Kafka answers again; anything else stops the
 * role with one line in the log and the error in {@link #failure()}. Poison never reaches here: the
 * loop dead-letters it.
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 *
 * @param <L> the role's loop, so the role can read what it shows ({@link #loop()})
 */
public final class RoleRunner<L extends RoleLoop> implements AutoCloseable {

    public static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final String role;
    private final Logger log;
    private final Supplier<L> loops;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile L loop;
    private volatile Throwable failure;

    /**
     * @param role the role's name in the log, e.g. {@code controller}
     * @param threadName the thread's name, e.g. {@code sweep-controller}
     * @param log the role's logger, so its lines keep the role's name
     * @param loops makes the loop, with its clients; called once, on the role's thread
     */
    public RoleRunner(String role, String threadName, Logger log, Supplier<L> loops) {
        this.role = role;
        this.log = log;
        this.loops = loops;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The error that stopped the role, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return failure;
    }

    /** The running loop, or null before the role's thread made it. Any thread. */
    public L loop() {
        return loop;
    }

    private void run() {
        L l = null;
        try {
            l = loops.get();
            loop = l;
            RuntimeException trouble = null;
            while (!closed.get()) {
                try {
                    if (l.step(System.currentTimeMillis()) && trouble != null) {
                        log.info("{} goes on: Kafka answers again", role);
                        trouble = null;
                    }
                } catch (WakeupException e) {
                    if (!closed.get()) {
                        throw e; // only close() wakes the consumer
                    }
                } catch (RuntimeException e) {
                    if (ErrorKind.of(e) != ErrorKind.RETRIABLE) {
                        throw e;
                    }
                    if (trouble == null) { // once per outage, not once per poll
                        log.warn("{} waits and retries every {} s: {}", role, RETRY_BACKOFF.toSeconds(), e.toString());
                    }
                    trouble = e;
                    closing.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            l.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stop(e);
        } finally {
            if (l != null) {
                closeQuietly(l);
            }
            stopped.countDown();
        }
    }

    private void stop(RuntimeException e) {
        failure = e;
        log.error("{} stopped, {}", role, ErrorKind.explain(e));
        if (!(e instanceof KafkaException) && !(e instanceof SecurityException)) {
            log.error("{} stopped on an unexpected error", role, e); // a bug: the trace says where
        }
    }

    private void closeQuietly(L l) {
        try {
            l.close();
        } catch (RuntimeException e) {
            log.debug("{} clients did not close cleanly", role, e);
        }
    }

    /** Stops the role: wakes its loop and waits for it to close its clients (10 s at most). */
    @Override
    public void close() {
        closed.set(true);
        closing.countDown();
        L l = loop;
        if (l != null) {
            l.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
