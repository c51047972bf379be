package io.sweepstream.schemas.topic;

/** Kafka {@code cleanup.policy} of a topic. */
public enum CleanupPolicy {
    /** Segments are deleted after the retention time: event streams. */
    DELETE("delete"),
    /** The latest record per key is kept forever: state that is rebuilt by replay. */
    COMPACT("compact");

    private final String config;

    CleanupPolicy(String config) {
        this.config = config;
    }

    /** The value of the {@code cleanup.policy} topic config. */
    public String config() {
        return config;
    }
}
