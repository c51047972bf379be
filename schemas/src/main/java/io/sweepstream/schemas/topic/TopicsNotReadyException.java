package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Some topics could not be created, or did not accept requests on every partition, in time. */
public class TopicsNotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SortedSet<String> notReady;

    public TopicsNotReadyException(Set<String> notReady, Duration timeout, Throwable lastError) {
        super("Topics not ready after " + timeout + ": " + new TreeSet<>(notReady)
                + (lastError == null ? "" : "; last error: " + lastError), lastError);
        this.notReady = new TreeSet<>(notReady);
    }

    /** Names of the topics that were not ready, sorted. */
    public SortedSet<String> notReady() {
        return notReady;
    }
}
