/**
 * The wire contract of Sweepstream: generated Avro classes ({@code .avro}), serdes ({@code .serde})
 * and topics ({@code .topic}); plus {@link io.sweepstream.schemas.SampleEvents} for tests.
 */
package io.sweepstream.schemas;
