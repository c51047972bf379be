package io.sweepstream.schemas.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import io.sweepstream.schemas.testing.Await;
import io.sweepstream.schemas.testing.LogCapture;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** How a role meets errors: it waits out retriable ones, saying so once per outage, and stops on fatal ones with one line. */
class RoleRunnerTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void waitsOutEachOutageSayingSoOnceAndGoesOnWhenKafkaAnswers() throws Exception {
        // steps 0 and 1 fail, step 2 answers, step 3 fails: two outages
        FakeLoop loop = new FakeLoop(n -> {
            if (n <= 1 || n == 3) {
                throw new TimeoutException("broker away");
            }
            return true;
        });

        try (RoleRunner<FakeLoop> runner = runner(loop)) {
            runner.start();
            Await.until(() -> loop.steps.get() > 5, "steps after the second outage");
            assertNull(runner.failure(), "retriable errors never stop the role");
        }
        assertEquals(2, log.count("test-role waits and retries every 1 s: org.apache.kafka.common.errors.TimeoutException: broker away"),
                "said once per outage, not once per failed step:\n" + log);
    }

    @Test
    void stopsOnAFatalErrorWithOneClearLineAndTheErrorInFailure() throws Exception {
        FakeLoop loop = new FakeLoop(n -> {
            throw new TopicAuthorizationException(Set.of("runs.results"));
        });

        try (RoleRunner<FakeLoop> runner = runner(loop)) {
            runner.start();
            Await.until(() -> runner.failure() != null, "the role to stop");
            assertInstanceOf(TopicAuthorizationException.class, runner.failure());
        }
        assertEquals(1, log.count("test-role stopped, not authorized"), log.toString());
        assertEquals(0, log.count("\tat "), "no stack trace for a known fatal error:\n" + log);
        assertFalse(loop.finished, "no last work after an error");
        assertTrue(loop.closed, "its clients are closed");
    }

    @Test
    void aBugStopsTheRoleWithItsStackTrace() throws Exception {
        FakeLoop loop = new FakeLoop(n -> {
            throw new IllegalStateException("a bug");
        });

        try (RoleRunner<FakeLoop> runner = runner(loop)) {
            runner.start();
            Await.until(() -> runner.failure() != null, "the role to stop");
        }
        assertEquals(1, log.count("test-role stopped, unexpected error: java.lang.IllegalStateException: a bug"), log.toString());
        assertTrue(log.count("\tat ") > 0, "the trace says where:\n" + log);
    }

    @Test
    void aCleanCloseFinishesTheLoopClosesItAndIsNoFailure() throws Exception {
        FakeLoop loop = new FakeLoop(n -> false);
        RoleRunner<FakeLoop> runner = runner(loop);
        runner.start();
        Await.until(() -> runner.loop() == loop && loop.steps.get() > 0, "the role to start");

        runner.close();

        assertNull(runner.failure());
        assertTrue(loop.finished, "its last work is done");
        assertTrue(loop.closed, "its clients are closed");
    }

    private static RoleRunner<FakeLoop> runner(FakeLoop loop) {
        return new RoleRunner<>("test-role", "test-role", LoggerFactory.getLogger("role-runner-test"), () -> loop);
    }

    /** A loop whose n-th step (from 0) does what {@code steps} says: answer, not answer, or throw. */
    private static final class FakeLoop implements RoleLoop {
        final AtomicInteger steps = new AtomicInteger();
        private final IntPredicate script;
        volatile boolean finished;
        volatile boolean closed;

        FakeLoop(IntPredicate script) {
            this.script = script;
        }

        @Override
        public boolean step(long nowMs) {
            LockSupport.parkNanos(1_000_000); // a real step waits in poll
            return script.test(steps.getAndIncrement());
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
