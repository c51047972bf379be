package io.sweepstream.producer.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A sweep spec that cannot run, with every problem found (not just the first), so a user fixes the
 * file in one go. {@link #getMessage()} lists the problems one per line as {@code path: message}.
 */
public final class SpecException extends IllegalArgumentException {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
