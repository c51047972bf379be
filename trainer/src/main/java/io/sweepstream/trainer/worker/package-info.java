/**
 * What a trainer worker tells the process that runs it: its events, as records, and the listener that
 * hears them. No Kafka here, so a command line or a test can listen without knowing the broker's types.
 */
package io.sweepstream.trainer.worker;
