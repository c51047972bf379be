package io.sweepstream.cli;

import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.role.CloseTogether;

/**
 * The roles {@code sweep local} runs in its process: the broker, then the roles that talk to it (trainers,
 * evaluator, controller, dashboard). Closed from the main thread or the Ctrl-C hook, whichever comes first:
 * the roles together (each leaves its group and flushes on its own), then the broker they talk to.
 */
final class LocalRoles {

    private RunningRole broker;
    private final List<RunningRole> roles = new ArrayList<>();

    synchronized void broker(RunningRole role) {
        if (broker != null) {
            throw new IllegalStateException("the broker is set already: " + broker.name());
        }
        broker = role;
    }

    synchronized void add(RunningRole role) {
        roles.add(role);
    }

    /** Throws when a role has failed (its error says which and why). */
    void requireAlive() {
        List<RunningRole> now;
        synchronized (this) {
            now = List.copyOf(roles);
        }
        now.forEach(RunningRole::requireAlive);
    }

    /** Closes the roles together, then the broker; a second call does nothing. */
    synchronized void closeAll() {
        CloseTogether.all("role-close", roles);
        roles.clear();
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
