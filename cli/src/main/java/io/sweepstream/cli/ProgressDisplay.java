package io.sweepstream.cli;

import java.io.Console;
import java.io.PrintStream;

/**
 * Shows a sweep's progress while it runs: redrawn in place on a terminal ({@link TerminalProgress}), as
 * plain lines when the output is a file or a pipe ({@link PlainProgress}).
 */
interface ProgressDisplay {

    /** Shows the sweep as it is at {@code nowMs}; called about twice a second, whether anything changed or not. */
    void show(ProgressFrame frame, long nowMs);

    static ProgressDisplay of(PrintStream out, boolean terminal, long startMs) {
        return terminal ? new TerminalProgress(out) : new PlainProgress(out, startMs);
    }

    /**
     * Whether standard output is a terminal. From JDK 22, {@code System.console()} is there even when output
     * goes to a file, and only {@code Console.isTerminal()} (absent before 22, hence the reflection) tells.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        }
    }
}
