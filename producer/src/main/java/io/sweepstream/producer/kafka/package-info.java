/**
 * The producer's Kafka edge: publishes sweep definitions and run requests, and the controller that
 * keeps at most {@code parallelism} runs of each sweep in flight, rebuilding its state from the topics
 * (what it cannot read goes to {@code runs.dlq}) and saying it runs on {@code controllers.status}.
 */
package io.sweepstream.producer.kafka;
