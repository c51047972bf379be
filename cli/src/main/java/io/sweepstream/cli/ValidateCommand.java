package io.sweepstream.cli;

import java.nio.file.Path;
import java.util.OptionalInt;

import io.sweepstream.producer.search.IndexedSearch;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.search.TpeSearch;
import io.sweepstream.producer.spec.SearchMethod;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecException;
import io.sweepstream.producer.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep validate}: checks a spec without publishing anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a sweep spec (YAML or JSON, W&B format) and prints its problems, or how many runs it expands to.")
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec file.")
    Path file;

    @Option(names = "--show", defaultValue = "0", description = "Also print the first N run configurations.")
    int show;

    @Option(names = "--no-estimate", description = "Skip the compute estimate (it measures the engine's speed for about a second).")
    boolean noEstimate;

    @Override
    public Integer call() {
        SweepSpec spec;
        try {
            spec = SpecFiles.read(file);
        } catch (IllegalArgumentException e) {
            if (!(e.getCause() instanceof SpecException)) {
                throw e; // a missing or unreadable file: one line from the error handler
            }
            System.err.println(e.getMessage());
            return 2;
        }
        SearchStrategy strategy = SearchStrategy.create(spec.method());
        OptionalInt total = strategy.totalRuns(spec);
        System.out.println(file + ": valid " + spec.method().specName() + " sweep \"" + spec.name() + "\" on " + spec.dataset().specName()
                + ", " + (total.isPresent() ? total.getAsInt() + " run(s)" : "unbounded (no run_cap)")
                + ", ranked by " + spec.metric().name() + " (" + spec.metric().goal().specName() + ")"
                + inFlight(spec));
        if (!noEstimate) {
            SweepEstimate.print(spec, System.out, System.err);
        }
        if (show > 0 && strategy instanceof IndexedSearch indexed) {
            int n = total.isPresent() ? Math.min(show, total.getAsInt()) : show;
            for (int i = 0; i < n; i++) {
                RunConfig c = indexed.configAt(spec, i);
                System.out.println("  run " + i + ": " + c.values());
            }
        }
        return 0;
    }

    private static String inFlight(SweepSpec spec) {
        if (spec.parallelism().isPresent()) {
            return ", " + spec.parallelism().get() + " in flight";
        }
        if (spec.method() == SearchMethod.BAYES) {
            return ", " + TpeSearch.DEFAULT_PARALLELISM + " in flight (the default for bayes), the first "
                    + TpeSearch.startupRuns(spec) + " drawn at random";
        }
        return "";
    }
}
