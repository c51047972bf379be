/**
 * Datasets for the trainer: IDX files read and written, located (flag, env, cache, Debian, download),
 * loaded once per JVM, and split into train and validation sets by a seeded, stratified shuffle.
 */
package io.sweepstream.trainer.data;
