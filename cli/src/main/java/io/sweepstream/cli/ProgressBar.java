package io.sweepstream.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn in place on a terminal; silent otherwise. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean enabled;
    private long lastDrawNanos;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void show(int epoch, int epochs, double fraction) {
        long now = System.nanoTime();
        if (!enabled || now - lastDrawNanos < 100_000_000L) {
            return;
        }
        lastDrawNanos = now;
        int filled = (int) Math.round(Math.min(1, fraction) * WIDTH);
        out.print(String.format(Locale.ROOT, "\r  epoch %d/%d [%s%s] %3.0f%%", epoch, epochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), 100 * fraction));
        out.flush();
        drawn = true;
    }

    void clear() {
        if (drawn) {
            out.print("\r" + " ".repeat(WIDTH + 30) + "\r");
            out.flush();
            drawn = false;
        }
    }
}
