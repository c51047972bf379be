/**
 * {@code sweep dashboard}: the live web page of every sweep. {@link io.sweepstream.dashboard.Dashboard}
 * wires the Kafka feed, the in-memory view and the web server together.
 */
package io.sweepstream.dashboard;
