/**
 * The benchmark harness of {@code sweep bench}: trains the peer configurations on every backend, runs the NumPy and
 * PyTorch peers interleaved with them, and reports tables or JSON ({@code scripts/bench_report.py} makes the docs).
 */
package io.sweepstream.bench;
