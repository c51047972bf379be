/**
 * The dashboard's {@code /metrics} page for Prometheus and autoscalers: names in {@link io.sweepstream.dashboard.metrics.MetricNames},
 * values from the view and the Kafka probe's last reading, never from Kafka during a scrape.
 */
package io.sweepstream.dashboard.metrics;
