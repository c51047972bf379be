/**
 * The trainer worker's Kafka edge: consumes run requests, trains them off the poll thread, and
 * publishes metrics, results, heartbeats and dead letters. Nothing here trains; nothing else imports Kafka.
 */
package io.sweepstream.trainer.kafka;
