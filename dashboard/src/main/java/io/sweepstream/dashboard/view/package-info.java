/**
 * What the dashboard shows, rebuilt from the topics' events in memory: sweeps, runs with their curves
 * at epoch granularity, workers, and the changes since the last push. No Kafka import; tested without a broker.
 */
package io.sweepstream.dashboard.view;
