/**
 * Search strategies: which configurations a sweep runs, as pure functions of the spec, its seed and
 * (for Bayesian search, {@link io.sweepstream.producer.search.TpeSearch}) the finished and in-flight runs. No Kafka, no clocks, no state between calls.
 */
package io.sweepstream.producer.search;
