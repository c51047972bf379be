package io.sweepstream.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunResultsTest {

    @Test
    void outOfMemorySaysHowToGiveTrainersMoreHeap() {
        String reason = RunResults.reason(new OutOfMemoryError("Java heap space"));
        assertTrue(reason.startsWith("out of memory: "), reason);
        assertTrue(reason.contains(Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB"), reason);
        assertTrue(reason.contains("SWEEP_JAVA_OPTS=-Xmx"), reason);
        assertTrue(reason.endsWith("(Java heap space)"), reason);
    }

    @Test
    void otherErrorsKeepTheirTypeAndMessage() {
        assertEquals("IllegalStateException: boom", RunResults.reason(new IllegalStateException("boom")));
    }
}
