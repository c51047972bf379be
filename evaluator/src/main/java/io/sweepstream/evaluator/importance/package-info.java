/**
 * Parameter importance, as W&B's panel: per hyperparameter, its correlation with the sweep metric and
 * its share of a random forest's permutation importance. Pure code; no Kafka, no Avro.
 */
package io.sweepstream.evaluator.importance;
