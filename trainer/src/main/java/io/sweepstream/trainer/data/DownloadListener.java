package io.sweepstream.trainer.data;

/**
 * Hears how a dataset download goes, to show it to a person. Called on the downloading thread;
 * it must be quick and must not throw.
 */
@FunctionalInterface
public interface DownloadListener {

    /** Hears nothing. */
    DownloadListener NONE = event -> {
    };

    void on(DownloadEvent event);
}
