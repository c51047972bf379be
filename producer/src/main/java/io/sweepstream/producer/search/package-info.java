/**
 * Search strategies: which configurations a sweep runs, as pure functions of the spec, its seed and
 * (for Bayesian search, later) the finished runs. No Kafka, no clocks, no state between calls.
 */
package io.sweepstream.producer.search;
