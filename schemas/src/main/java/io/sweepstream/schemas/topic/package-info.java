/**
 * The topics of the pipeline as typed constants carrying their serdes and settings, and the
 * admin helper that creates them and waits until they accept records.
 */
package io.sweepstream.schemas.topic;
