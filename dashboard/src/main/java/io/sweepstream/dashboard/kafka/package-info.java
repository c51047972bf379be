/**
 * The dashboard's Kafka edge: replays its topics from the beginning into the view and follows them,
 * and publishes the page's two commands (stop a run, cancel a sweep) to {@code runs.control}.
 */
package io.sweepstream.dashboard.kafka;
