/**
 * How every Kafka client of every role reaches the cluster: the bootstrap address plus the user's
 * client properties (TLS, SASL), merged into each producer, consumer, share consumer and admin client.
 */
package io.sweepstream.schemas.client;
