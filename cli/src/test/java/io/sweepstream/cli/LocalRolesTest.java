package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalRolesTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();

    private RunningRole role(String name, Throwable failure) {
        return new RunningRole(name, () -> closed.add(name), () -> failure);
    }

    @Test
    void closesTheRolesBeforeTheBrokerTheyTalkToWhateverTheOrderTheyCameIn() {
        LocalRoles roles = new LocalRoles();
        roles.add(role("trainer local-1", null));
        roles.broker(role("broker", null));
        roles.add(role("evaluator", null));

        roles.closeAll();

        assertEquals(3, closed.size(), closed.toString());
        assertEquals("broker", closed.get(2), "the broker last: " + closed);
        roles.closeAll();
        assertEquals(3, closed.size(), "a second close (the Ctrl-C hook after the main thread) closes nothing again");
    }

    @Test
    void closesTheRolesAtTheSameTime() throws Exception {
        // each role waits until the other has started closing: closed one after another, this would never end
        CountDownLatch bothClosing = new CountDownLatch(2);
        AutoCloseable waits = () -> {
            bothClosing.countDown();
            assertTrue(bothClosing.await(10, TimeUnit.SECONDS), "the other role was not closing at the same time");
            closed.add("role");
        };
        LocalRoles roles = new LocalRoles();
        roles.add(new RunningRole("a", waits, () -> null));
        roles.add(new RunningRole("b", waits, () -> null));

        roles.closeAll();

        assertEquals(List.of("role", "role"), closed);
    }

    @Test
    void aFailedRoleIsReportedByName() {
        LocalRoles roles = new LocalRoles();
        roles.broker(role("broker", null));
        roles.add(role("evaluator", new IllegalStateException("topic gone")));

        IllegalStateException e = assertThrows(IllegalStateException.class, roles::requireAlive);
        assertEquals("evaluator stopped: topic gone", e.getMessage());
    }
}
