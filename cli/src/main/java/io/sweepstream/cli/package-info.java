/**
 * The {@code sweep} command: one subcommand per role and tool. Commands parse flags, wire modules
 * together and print; the logic lives in the modules.
 */
package io.sweepstream.cli;
