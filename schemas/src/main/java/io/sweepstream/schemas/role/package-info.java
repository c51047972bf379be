/**
 * What the long-running roles (evaluator, controller) share: replay the inputs from the beginning and
 * catch up, track sends and dead letters, and run on a thread that waits out Kafka or stops with one line.
 */
package io.sweepstream.schemas.role;
