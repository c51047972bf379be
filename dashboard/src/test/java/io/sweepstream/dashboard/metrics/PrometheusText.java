package io.sweepstream.dashboard.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples of a page in the Prometheus text format, by series ({@code name} or {@code name{label="value"}}),
 * for tests: enough of the format for what Micrometer writes (no timestamps, no spaces in label values).
 */
public record PrometheusText(Map<String, Double> samples) {

    public static PrometheusText parse(String page) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(line.substring(0, space).trim(), number(line.substring(space + 1).trim()));
        }
        return new PrometheusText(Map.copyOf(samples));
    }

    /** The value of a series without labels; fails if the page has no such series. */
    public double value(String name) {
        return require(name);
    }

    /** The value of a series with one label; fails if the page has no such series. */
    public double value(String name, String label, String labelValue) {
        return require(name + "{" + label + "=\"" + labelValue + "\"}");
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    private double require(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " on the page; it has " + samples.keySet());
        }
        return v;
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
