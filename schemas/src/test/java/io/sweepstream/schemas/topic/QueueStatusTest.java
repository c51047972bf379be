package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueStatusTest {

    @Test
    void queuedIsTheLagLessTheRunsInTraining() {
        assertEquals(3, new QueueStatus.Snapshot("trainers", true, 5).queued(2));
    }

    @Test
    void queuedIsNeverNegativeWhenHeartbeatsAreAheadOfTheGroup() {
        // A trainer says TRAINING a moment before or after the group counts its record.
        assertEquals(0, new QueueStatus.Snapshot("trainers", true, 1).queued(2));
    }

    @Test
    void rejectsNegativeLag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QueueStatus.Snapshot("trainers", true, -1));
        assertEquals("lag must be >= 0, found -1", e.getMessage());
    }
}
