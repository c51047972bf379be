/**
 * The wire contract of Sweepstream: generated Avro classes ({@code .avro}), serdes ({@code .serde})
 * and topics ({@code .topic}); test fixtures ({@code SampleEvents}) live in
 * the module's test-jar.
 */
package io.sweepstream.schemas;
