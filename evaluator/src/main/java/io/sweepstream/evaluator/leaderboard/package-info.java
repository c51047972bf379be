/**
 * Per-sweep aggregation, free of Kafka: counts, leaderboard, best run with its confusion matrix,
 * and the best run for each value of each categorical parameter. Deterministic given the event order.
 */
package io.sweepstream.evaluator.leaderboard;
