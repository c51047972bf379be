package io.sweepstream.cli;

/**
 * Range checks of numeric flags, done before a command starts anything (a broker, a download, a
 * connection): a bad value exits 2 with one line that names the flag, the rule and the value found.
 */
final class Flags {

    private Flags() {
    }

    static void atLeast(String flag, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be >= " + min + ", found " + value);
        }
    }

    /** A TCP port to listen on; 0 means any free one. */
    static void port(String flag, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(flag + " must be within 0 and 65535 (0: any free port), found " + value);
        }
    }
}
