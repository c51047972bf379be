/**
 * JUnit 5 support: one Kafka per test class, the embedded broker by default or a Testcontainers
 * container when {@code -Dsweep.test.kafka=testcontainers} and Docker is available.
 */
package io.sweepstream.broker.junit;
