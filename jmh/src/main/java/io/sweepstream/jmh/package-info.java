/**
 * JMH microbenchmarks of the engine: the matrix products per backend on the MLP shapes, and one training step per
 * backend and config. Build with the reactor, run {@code java -jar jmh/target/benchmarks.jar [regex] [JMH options]}.
 */
package io.sweepstream.jmh;
