/**
 * Runs one requested run on the engine: wire types in (RunRequest), wire types out (EpochMetric,
 * RunResult). No Kafka here; the worker in {@code kafka} calls it on its training thread.
 */
package io.sweepstream.trainer.run;
