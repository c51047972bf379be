package io.sweepstream.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.sweepstream.producer.kafka.FollowupPublisher;
import io.sweepstream.producer.kafka.FollowupSweep;
import io.sweepstream.producer.spec.Dataset;
import io.sweepstream.producer.spec.Followup;
import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep followup}: a sweep's best configurations run again on another dataset, as a linked sweep. */
@Command(name = "followup", mixinStandardHelpOptions = true,
        description = {"Re-runs a sweep's best configurations (by its metric, finished runs only) on another dataset, as a linked sweep; "
                + "prints the new sweep's id.",
                "What a spec's 'followup' block does when the sweep ends, by hand: also for a sweep without the block, or before it ends. "
                + "The follow-up's id is <SWEEP>-followup-<dataset>; asking again publishes nothing."})
final class FollowupCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep whose best configurations run again ('sweep status' lists them).")
    String sweepId;

    @Option(names = "--dataset", paramLabel = "DATASET", defaultValue = "mnist", description = "Where they run again: mnist or fashion_mnist. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "How many of the best configurations. Default: ${DEFAULT-VALUE}.")
    int top;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        Dataset target = Dataset.fromSpecName(dataset).orElseThrow(() -> new IllegalArgumentException("--dataset: unknown dataset \""
                + dataset + "\"; allowed: " + Arrays.stream(Dataset.values()).map(Dataset::specName).collect(Collectors.joining(", "))));
        Flags.atLeast("--top", top, 1);
        KafkaConnection connection = kafka.requireBroker();
        TopicSetup.createAll(connection, null);
        FollowupPublisher.Outcome outcome = FollowupPublisher.publish(connection, sweepId, new Followup(target, top));
        FollowupSweep f = outcome.followup();
        if (!outcome.published()) {
            System.out.println(f.sweepId());
            System.out.printf(Locale.ROOT, "  published before (%d run(s) on %s); nothing sent again%n",
                    f.definition().getTotalRuns(), f.definition().getDataset());
            return;
        }
        System.out.println(f.sweepId());
        System.out.printf(Locale.ROOT, "  published %d run(s) on %s: the best of %s by %s (%s)%n", f.runs().size(), target.specName(), sweepId,
                f.definition().getMetricName(), String.join(", ", f.repeats()));
        if (f.runs().size() < top) {
            System.out.printf(Locale.ROOT, "  only %d finished configuration(s) to re-run, of the %d asked for%n", f.runs().size(), top);
        }
        System.out.println("  trainers need the " + target.specName() + " files ('sweep dataset', --data-dir)");
        System.out.println("  watch: sweep status --sweep " + f.sweepId() + "   |   report both: sweep report " + sweepId);
    }
}
