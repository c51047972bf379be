package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.sweepstream.trainer.worker.WorkerEvent;
import org.junit.jupiter.api.Test;

class BrokerContactTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final BrokerContact contact = new BrokerContact("w", Duration.ofSeconds(6), clock::get);

    private void advance(long millis) {
        clock.addAndGet(millis);
    }

    @Test
    void saysNothingWhileHeartbeatsAreAcknowledged() {
        for (int i = 0; i < 10; i++) {
            advance(2000);
            contact.answered();
            assertEquals(Optional.empty(), contact.change());
        }
    }

    @Test
    void saysLostOnceAfterTheQuietPeriodThenBackOnceWithTheOutage() {
        contact.answered();
        advance(5999);
        assertEquals(Optional.empty(), contact.change(), "not yet");
        advance(1);

        assertEquals(Optional.of(new WorkerEvent.BrokerLost("w", "no answer for 6 s")), contact.change());
        advance(10_000);
        assertEquals(Optional.empty(), contact.change(), "lost is said once");

        contact.answered();
        assertEquals(Optional.of(new WorkerEvent.BrokerBack("w", Duration.ofSeconds(16))), contact.change());
        assertEquals(Optional.empty(), contact.change(), "back is said once");
    }

    @Test
    void aBrokerThatNeverAnsweredIsLostToo() {
        advance(6000);

        assertEquals(Optional.of(new WorkerEvent.BrokerLost("w", "no answer for 6 s")), contact.change());
    }
}
