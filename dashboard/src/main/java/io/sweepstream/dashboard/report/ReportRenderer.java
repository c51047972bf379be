package io.sweepstream.dashboard.report;

/** Writes a {@link SweepReport} as text in one format; a pure function, the same report gives the same text. */
public interface ReportRenderer {

    String render(SweepReport report);
}
