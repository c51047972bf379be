package io.sweepstream.schemas.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an existing topic differed from {@link Topics}, and what {@link TopicAdmin#createAll} did about it.
 *
 * @param topic    topic name
 * @param fixed    differences that were fixed (topic configs set as {@link Topic#configs()} wants them)
 * @param leftAsIs differences left alone on purpose (partition and replica counts), each with its consequence
 * @param failed   differences that could not be fixed (a config change the broker refused), each with why
 */
public record TopicCheck(String topic, List<String> fixed, List<String> leftAsIs, List<String> failed) {

    /** How loud a check is. */
    public enum Severity {
        /** The pipeline works as designed; the user should know what changed or differs. */
        WARNING,
        /** A setting the pipeline depends on is not as designed and could not be fixed. */
        ERROR
    }

    public TopicCheck {
        Objects.requireNonNull(topic, "topic");
        fixed = List.copyOf(fixed);
        leftAsIs = List.copyOf(leftAsIs);
        failed = List.copyOf(failed);
        if (fixed.isEmpty() && leftAsIs.isEmpty() && failed.isEmpty()) {
            throw new IllegalArgumentException("a check without a difference: " + topic);
        }
    }

    /** {@link Severity#ERROR} when something could not be fixed, else {@link Severity#WARNING}. */
    public Severity severity() {
        return failed.isEmpty() ? Severity.WARNING : Severity.ERROR;
    }

    /** One line saying every difference of this topic and what was done, e.g. for a terminal or a log. */
    public String message() {
        List<String> parts = new ArrayList<>();
        failed.forEach(d -> parts.add(d));
        fixed.forEach(d -> parts.add(d + " (fixed)"));
        leftAsIs.forEach(d -> parts.add(d));
        return "topic " + topic + ": " + String.join("; ", parts);
    }

    @Override
    public String toString() {
        return severity() + " " + message();
    }
}
