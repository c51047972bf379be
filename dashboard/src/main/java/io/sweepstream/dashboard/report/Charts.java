package io.sweepstream.dashboard.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import io.sweepstream.dashboard.view.RunRow;

/**
 * The HTML report's charts as inline SVG, drawn here so the file needs no script and fetches nothing. Every
 * text from the topics is escaped ({@link Html#text}); colours come from the page's CSS classes where they
 * should follow its light or dark scheme.
 */
final class Charts {

    /** One colour per charted run, the live page's order. */
    static final List<String> PALETTE = List.of("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#64748b");

    /** One run's values per epoch; null where an epoch is missing or not finite. */
    record Series(String label, List<Integer> epochs, List<Double> values, String color) {
    }

    private Charts() {
    }

    /** Values per epoch, one line per series; a paragraph saying so when no series has a value. */
    static String lines(String title, List<Series> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int maxEpoch = 1;
        for (Series s : series) {
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    maxEpoch = Math.max(maxEpoch, s.epochs().get(i));
                }
            }
        }
        if (lo > hi) {
            return "<p class=\"empty\">No epoch of these runs has a " + Html.text(title) + ".</p>";
        }
        if (hi - lo < 1e-9) {
            double pad = Math.max(Math.abs(lo) * 0.05, 0.01);
            lo -= pad;
            hi += pad;
        } else {
            double pad = (hi - lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        int w = 560, h = 240, left = 56, right = 14, top = 26, bottom = 34;
        Scale x = maxEpoch == 1 ? new Scale(0, 2, left, w - right) : new Scale(1, maxEpoch, left, w - right);
        Scale y = new Scale(lo, hi, h - bottom, top);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"").append(Html.text(title)).append(" per epoch\" data-series=\"")
                .append(series.size()).append("\">");
        svg.append("<text class=\"title\" x=\"").append(left).append("\" y=\"16\">").append(Html.text(title)).append("</text>");
        for (double t : ticks(lo, hi, 5)) {
            double py = y.at(t);
            svg.append(line(left, py, w - right, py, "grid"));
            svg.append("<text class=\"tick\" x=\"").append(left - 6).append("\" y=\"").append(num(py + 4))
                    .append("\" text-anchor=\"end\">").append(Text.axis(t)).append("</text>");
        }
        long step = Math.max(1, Math.round(nice((maxEpoch - 1) / 8.0)));
        for (long e = 1; e <= maxEpoch; e += step) {
            double px = x.at(e);
            svg.append(line(px, top, px, h - bottom, "grid"));
            svg.append("<text class=\"tick\" x=\"").append(num(px)).append("\" y=\"").append(h - bottom + 15)
                    .append("\" text-anchor=\"middle\">").append(e).append("</text>");
        }
        svg.append("<text class=\"tick\" x=\"").append(w - right).append("\" y=\"").append(h - 4)
                .append("\" text-anchor=\"end\">epoch</text>");
        for (Series s : series) {
            svg.append("<g class=\"series\" data-run=\"").append(Html.text(s.label())).append("\"><title>")
                    .append(Html.text(s.label())).append("</title>");
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v == null) {
                    continue; // a missing epoch: the line goes on to the next one
                }
                String px = num(x.at(s.epochs().get(i))), py = num(y.at(v));
                points.append(px).append(',').append(py).append(' ');
                dots.append("<circle cx=\"").append(px).append("\" cy=\"").append(py).append("\" r=\"2.5\" fill=\"")
                        .append(s.color()).append("\"/>");
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append("\" points=\"")
                    .append(points.toString().trim()).append("\"/>").append(dots).append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Each run with a metric as a line across one axis per swept parameter and a last axis for the metric,
     * coloured from worst (blue) to best (orange), the best drawn last. Numeric axes are linear, or
     * logarithmic when the values span more than a factor of 20 (as on the live page); names are spaced
     * evenly in sorted order.
     */
    static String parallelCoordinates(SweepReport report) {
        List<RunRow> runs = report.runs().stream().filter(r -> r.metric() != null && !r.hyperparameters().isEmpty()).toList();
        List<String> swept = report.sweptParameters();
        if (runs.isEmpty()) {
            return "<p class=\"empty\">No run has a result yet.</p>";
        }
        if (swept.isEmpty()) {
            return "<p class=\"empty\">No parameter is swept: every run has the same configuration.</p>";
        }
        List<Axis> axes = new ArrayList<>();
        for (String name : swept) {
            axes.add(Axis.of(name, runs.stream().map(r -> report.value(r, name)).toList()));
        }
        double mMin = runs.stream().mapToDouble(RunRow::metric).min().orElseThrow();
        double mMax = runs.stream().mapToDouble(RunRow::metric).max().orElseThrow();
        boolean minimize = "MINIMIZE".equals(report.sweep().metricGoal());
        ToDoubleFunction<RunRow> better = r -> mMax == mMin ? 1 : (minimize ? mMax - r.metric() : r.metric() - mMin) / (mMax - mMin);

        int w = 760, h = 300, left = 44, right = 70, top = 40, bottom = 16;
        int n = axes.size() + 1;
        double gap = (w - left - right) / (double) Math.max(1, n - 1);
        Scale y = new Scale(0, 1, h - bottom, top);
        double opacity = runs.size() > 2000 ? 0.08 : runs.size() > 300 ? 0.25 : 0.65;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart parallel\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"swept parameters against ").append(Html.text(report.sweep().metricName()))
                .append("\" data-lines=\"").append(runs.size()).append("\">");
        List<RunRow> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(better)); // the best on top
        for (RunRow r : sorted) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < axes.size(); i++) {
                points.append(num(left + gap * i)).append(',').append(num(y.at(axes.get(i).position(report.value(r, swept.get(i)))))).append(' ');
            }
            double m = mMax == mMin ? 0.5 : (r.metric() - mMin) / (mMax - mMin);
            points.append(num(left + gap * (n - 1))).append(',').append(num(y.at(m)));
            svg.append("<polyline fill=\"none\" stroke-width=\"1.2\" stroke-opacity=\"").append(opacity).append("\" stroke=\"")
                    .append(goodness(better.applyAsDouble(r))).append("\" points=\"").append(points).append("\">");
            if (runs.size() <= 500) { // a tooltip per line, while the file stays small
                svg.append("<title>").append(Html.text(r.runId())).append(": ").append(Text.metric(r.metric())).append("</title>");
            }
            svg.append("</polyline>");
        }
        for (int i = 0; i < n; i++) {
            double px = left + gap * i;
            boolean last = i == n - 1;
            String name = last ? report.sweep().metricName() : axes.get(i).name();
            svg.append(line(px, y.at(0), px, y.at(1), "axis"));
            boolean crowded = gap < 90 && i % 2 == 1; // names take two rows when the axes stand close
            svg.append("<text class=\"axis-name\" x=\"").append(num(px)).append("\" y=\"").append(crowded ? 28 : 14)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : last ? "end" : "middle").append("\">")
                    .append(Html.text(name)).append("</text>");
            List<Tick> ticks = last ? List.of(new Tick(0, Text.metric(mMin)), new Tick(1, Text.metric(mMax))) : axes.get(i).ticks();
            for (Tick t : ticks.subList(0, Math.min(12, ticks.size()))) {
                svg.append("<text class=\"tick\" x=\"").append(num(px + 4)).append("\" y=\"").append(num(y.at(t.position()) + 4))
                        .append("\">").append(Html.text(shorten(t.label()))).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** From worst (0, muted blue) to best (1, warm orange), as on the live page. */
    static String goodness(double t) {
        int[] a = {59, 130, 246}, b = {234, 88, 12};
        StringBuilder c = new StringBuilder("rgb(");
        for (int i = 0; i < 3; i++) {
            c.append(Math.round(a[i] + (b[i] - a[i]) * Math.max(0, Math.min(1, t)))).append(i < 2 ? "," : ")");
        }
        return c.toString();
    }

    /** About {@code count} round values within [lo, hi]. */
    static List<Double> ticks(double lo, double hi, int count) {
        double step = nice((hi - lo) / count);
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.round(v / step) * step);
        }
        return out;
    }

    /** The round step (1, 2 or 5 times a power of ten) at or above {@code raw}. */
    static double nice(double raw) {
        if (raw <= 0 || !Double.isFinite(raw)) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp;
    }

    private static String line(double x1, double y1, double x2, double y2, String cls) {
        return "<line class=\"" + cls + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"/>";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shorten(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "…";
    }

    /** A linear map from data values [d0, d1] to pixels [p0, p1]. */
    private record Scale(double d0, double d1, double p0, double p1) {
        double at(double v) {
            return p0 + (p1 - p0) * (v - d0) / (d1 - d0);
        }
    }

    private record Tick(double position, String label) {
    }

    /** One parameter's axis: where each value sits in [0, 1], and its labels. */
    private record Axis(String name, List<String> categories, boolean log, double lo, double hi, List<Tick> ticks) {

        static Axis of(String name, List<String> values) {
            List<Double> numbers = new ArrayList<>();
            for (String v : values) {
                Double d = number(v);
                if (d == null) {
                    TreeSet<String> names = new TreeSet<>();
                    values.stream().filter(Objects::nonNull).forEach(names::add);
                    List<String> categories = List.copyOf(names);
                    List<Tick> ticks = new ArrayList<>();
                    for (int i = 0; i < categories.size(); i++) {
                        ticks.add(new Tick(categories.size() == 1 ? 0.5 : i / (double) (categories.size() - 1), categories.get(i)));
                    }
                    return new Axis(name, categories, false, 0, 0, ticks);
                }
                numbers.add(d);
            }
            double min = numbers.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = numbers.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            boolean log = min > 0 && max / min > 20;
            double lo = log ? Math.log10(min) : min, hi = log ? Math.log10(max) : max;
            return new Axis(name, null, log, lo, hi, List.of(new Tick(0, Text.axis(min)), new Tick(1, Text.axis(max))));
        }

        double position(String value) {
            if (categories != null) {
                return categories.size() == 1 ? 0.5 : categories.indexOf(value) / (double) (categories.size() - 1);
            }
            if (hi == lo) {
                return 0.5;
            }
            double v = number(value);
            return ((log ? Math.log10(v) : v) - lo) / (hi - lo);
        }

        private static Double number(String s) {
            if (s == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(s.trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
