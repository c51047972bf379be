package io.sweepstream.cli;

import java.util.function.Supplier;

/**
 * A role running in this process (trainer, evaluator, controller, broker): how to stop it and the
 * error that stopped it, if any. The roles live in modules that do not know each other, so the CLI
 * pairs each with its own failure accessor.
 */
record RunningRole(String name, AutoCloseable service, Supplier<Throwable> failure) implements AutoCloseable {

    /** Throws if the role stopped on an error. */
    void requireAlive() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(name + " stopped: " + t.getMessage(), t);
        }
    }

    /** Keeps the command in the foreground until Ctrl-C (which closes the role) or the role fails. */
    void runUntilStopped() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, name + "-shutdown"));
        while (true) {
            requireAlive();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (Exception e) {
            // best effort: the process is ending
        }
    }
}
