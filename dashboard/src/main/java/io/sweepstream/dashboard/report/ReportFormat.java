package io.sweepstream.dashboard.report;

import java.util.Locale;
import java.util.Optional;

/** The formats of {@code sweep report}, each with its renderer and file extension. */
public enum ReportFormat {

    /** One self-contained page: inline CSS, charts as inline SVG, no script, nothing fetched. */
    HTML("html", new HtmlReport()),
    /** Tables; the charts are only in the HTML report. */
    MD("md", new MarkdownReport()),
    /** One row per run. */
    CSV("csv", new CsvReport()),
    /** The {@link SweepReport} record as JSON. */
    JSON("json", new JsonReport());

    private final String extension;
    private final ReportRenderer renderer;

    ReportFormat(String extension, ReportRenderer renderer) {
        this.extension = extension;
        this.renderer = renderer;
    }

    public String extension() {
        return extension;
    }

    public String render(SweepReport report) {
        return renderer.render(report);
    }

    /** The format a file name's extension names ({@code .html}, {@code .htm}, {@code .md}, {@code .csv}, {@code .json}). */
    public static Optional<ReportFormat> ofFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".htm")) {
            return Optional.of(HTML);
        }
        for (ReportFormat f : values()) {
            if (name.endsWith("." + f.extension)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
