/**
 * Kafka serializers and deserializers for the Avro wire contract: single-object encoding,
 * a schema store holding every published version, and a typed error for unreadable bytes.
 */
package io.sweepstream.schemas.serde;
