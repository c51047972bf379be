/**
 * The evaluator's Kafka edge: replays the sweep topics from the beginning into the aggregator and
 * publishes each changed summary to the compacted {@code sweeps.summary}.
 */
package io.sweepstream.evaluator.kafka;
