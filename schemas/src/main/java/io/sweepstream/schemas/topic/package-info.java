/**
 * The topics of the pipeline as typed constants carrying their serdes and settings, the admin helper
 * that creates them and waits until they accept records, and how their readers sort errors.
 */
package io.sweepstream.schemas.topic;
