/**
 * Early termination: W&B's hyperband stopping as asynchronous successive halving on the per-epoch
 * sweep metric. Pure decisions ({@link io.sweepstream.evaluator.early.SuccessiveHalving}) and the
 * per-sweep bookkeeping that feeds them from the topics' events; no Kafka here.
 */
package io.sweepstream.evaluator.early;
