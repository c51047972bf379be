package io.sweepstream.dashboard.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How every format writes numbers, durations and times, so the same value reads the same everywhere. */
final class Text {

    /** Shown where a value is missing (a run without a test accuracy, a metric not yet known). */
    static final String NONE = "—";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Text() {
    }

    /** A metric or accuracy with 4 decimals, or {@link #NONE}. */
    static String metric(Double v) {
        return v == null ? NONE : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A value for an axis label: short, without trailing zeros. */
    static String axis(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s = a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.2e", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A duration as people read it: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 2 h 07 min}; or {@link #NONE}. */
    static String duration(Long ms) {
        if (ms == null) {
            return NONE;
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    static String orNone(Object o) {
        return o == null ? NONE : o.toString();
    }
}
