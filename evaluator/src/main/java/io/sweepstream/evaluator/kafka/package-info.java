/**
 * The evaluator's Kafka edge: replays the sweep topics from the beginning into the aggregator and,
 * once caught up, publishes each changed summary to the compacted {@code sweeps.summary}; what it
 * cannot read goes to {@code runs.dlq}.
 */
package io.sweepstream.evaluator.kafka;
