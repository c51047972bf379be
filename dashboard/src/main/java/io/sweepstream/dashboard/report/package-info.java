/**
 * {@code sweep report}: one sweep as HTML, Markdown, CSV or JSON, from the dashboard's view of the topics
 * ({@link io.sweepstream.dashboard.report.SweepReport#of}) through a pure renderer per format
 * ({@link io.sweepstream.dashboard.report.ReportFormat}). A section is one method of a renderer.
 */
package io.sweepstream.dashboard.report;
