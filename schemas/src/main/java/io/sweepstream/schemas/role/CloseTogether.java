package io.sweepstream.schemas.role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes several things at the same time and returns when all are closed. Kafka clients and roles each say
 * goodbye to the broker on their own (leave a group, flush, close a fetch session), a few hundred
 * milliseconds apiece: closed together they take as long as the slowest, not the sum. A close that fails is
 * logged and does not stop the others; an interrupt is kept for the caller, not obeyed before all are closed.
 */
public final class CloseTogether {

    private static final Logger log = LoggerFactory.getLogger(CloseTogether.class);

    private CloseTogether() {
    }

    /** Closes each non-null one of {@code things} on its own thread, named {@code threadName}. */
    public static void all(String threadName, AutoCloseable... things) {
        all(threadName, Arrays.stream(things).filter(Objects::nonNull).toList());
    }

    /** Closes each of {@code things} on its own thread, named {@code threadName}. */
    public static void all(String threadName, Collection<? extends AutoCloseable> things) {
        List<Thread> closing = new ArrayList<>();
        for (AutoCloseable c : things) {
            Thread t = new Thread(() -> closeQuietly(c), threadName);
            t.start();
            closing.add(t);
        }
        boolean interrupted = false;
        for (Thread t : closing) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }
}
