/**
 * A real Apache Kafka KRaft broker (broker and controller in one node) running in this JVM,
 * used by {@code sweep local}, {@code sweep broker} and every integration test.
 */
package io.sweepstream.broker;
