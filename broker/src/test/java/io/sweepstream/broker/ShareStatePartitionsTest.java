package io.sweepstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareStatePartitionsTest {

    @TempDir
    Path logs;

    @Test
    void aNewDataDirectoryGetsThreePartitions() {
        assertEquals(3, EmbeddedBroker.shareStatePartitions(logs.resolve("missing")));
        assertEquals(3, EmbeddedBroker.shareStatePartitions(logs));
    }

    @Test
    void anExistingStateTopicKeepsItsPartitionCount() throws Exception {
        // A data directory written with Kafka's default of 50 (before this setting) must keep 50: the
        // coordinator locates a group's state by hashing modulo the configured count.
        for (int i = 0; i < 50; i++) {
            Files.createDirectory(logs.resolve("__share_group_state-" + i));
        }
        Files.createDirectory(logs.resolve("__consumer_offsets-0"));
        Files.createDirectory(logs.resolve("runs.requested-0"));
        assertEquals(50, EmbeddedBroker.shareStatePartitions(logs));
    }
}
