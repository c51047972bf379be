/**
 * Sweep specs: parsing a W&B-compatible YAML/JSON sweep configuration, validating all of it at once,
 * and the immutable model ({@link io.sweepstream.producer.spec.SweepSpec}, {@link io.sweepstream.producer.spec.RunConfig}).
 * Pure code: no Kafka, no I/O beyond reading the spec file.
 */
package io.sweepstream.producer.spec;
