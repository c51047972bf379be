package io.sweepstream.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;

/**
 * What a fault scenario cost, counted from the topics (the source of truth), not from any role's view.
 *
 * <ul>
 *   <li>requested: distinct run ids on {@code runs.requested} for the scenario's sweeps;</li>
 *   <li>results: records on {@code runs.results} for them;</li>
 *   <li>lost: a requested run without any result record;</li>
 *   <li>duplicated: a run with more than one result record. The queue delivers a run again when its
 *       trainer dies before acknowledging it (attempt 2, ...); a retry that trains again is the
 *       guarantee at work, not a duplicate, as long as only one result is published for the run
 *       (the worker checks {@code runs.results} before training and before publishing).</li>
 * </ul>
 *
 * @param perRun result records per requested or resulted run id
 */
record FaultTally(String scenario, int faults, int requested, int results, int lost, int duplicated, Map<String, Long> perRun) {

    /** Lines for docs/reliability.md, one per scenario, appended as scenarios end. */
    static final Path LINES = Path.of("target", "fault-scenarios.txt");

    /** Counts the runs of every sweep {@code sweeps} accepts; reads each topic from the start for {@code readFor} (call it once the runs are done). */
    static FaultTally count(String bootstrap, String scenario, int faults, Predicate<String> sweeps, Duration readFor) {
        // both topics at once, each for the whole of readFor: one window, not two in a row
        CompletableFuture<Set<String>> requestedIds = CompletableFuture.supplyAsync(() -> TopicReader.read(bootstrap, Topics.RUNS_REQUESTED,
                        (RunRequest q) -> sweeps.test(q.getSweepId()), Integer.MAX_VALUE, readFor)
                .stream().map(RunRequest::getRunId).collect(Collectors.toCollection(TreeSet::new)));
        Map<String, Long> perRun = new TreeMap<>(TopicReader.read(bootstrap, Topics.RUNS_RESULTS, (RunResult r) -> sweeps.test(r.getSweepId()),
                        Integer.MAX_VALUE, readFor).stream().collect(Collectors.groupingBy(RunResult::getRunId, Collectors.counting())));
        Set<String> requested = requestedIds.join();
        int results = (int) perRun.values().stream().mapToLong(Long::longValue).sum();
        int lost = (int) requested.stream().filter(id -> !perRun.containsKey(id)).count();
        int duplicated = (int) perRun.values().stream().filter(n -> n > 1).count();
        requested.forEach(id -> perRun.putIfAbsent(id, 0L));
        return new FaultTally(scenario, faults, requested.size(), results, lost, duplicated, perRun);
    }

    String line() {
        return "scenario " + scenario + ": faults injected " + faults + ", runs requested " + requested + ", results " + results
                + ", lost " + lost + ", duplicated " + duplicated;
    }

    /** Prints the scenario's one line and appends it to {@link #LINES}. */
    FaultTally report() {
        System.out.println(line());
        try {
            Files.createDirectories(LINES.getParent());
            Files.writeString(LINES, line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
