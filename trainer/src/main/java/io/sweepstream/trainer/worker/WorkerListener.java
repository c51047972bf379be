package io.sweepstream.trainer.worker;

/**
 * Hears what a trainer worker does, to show it to a person. Called on the worker's poll thread, and on
 * its training thread for {@link WorkerEvent.EpochEnded}: implementations must be thread-safe and quick.
 * An exception thrown here is logged and otherwise ignored; it never stops the worker.
 */
@FunctionalInterface
public interface WorkerListener {

    /** Hears nothing. */
    WorkerListener NONE = event -> {
    };

    void on(WorkerEvent event);
}
