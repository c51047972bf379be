package io.sweepstream.schemas.role;

/**
 * A role's work, one {@link #step} at a time, driven by a {@link RoleRunner} on one thread.
 *
 * <p>Call order: {@link #step} many times; {@link #finish} once if the role is closed cleanly (not
 * after an error); {@link #close} once at the end. {@link #wakeup} from any thread, any time.
 */
public interface RoleLoop extends AutoCloseable {

    /**
     * One round of work.
     *
     * @return whether Kafka answered during the round, so the runner knows an outage is over
     * @throws RuntimeException what the loop cannot handle: a Kafka error, retriable or not
     */
    boolean step(long nowMs);

    /** Makes a blocked {@link #step} throw {@code WakeupException}. Any thread. */
    void wakeup();

    /** The last work of a clean stop; none by default. */
    default void finish() {
    }

    /** Closes the loop's clients. */
    @Override
    void close();
}
