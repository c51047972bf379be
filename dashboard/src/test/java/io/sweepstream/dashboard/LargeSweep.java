package io.sweepstream.dashboard;

import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;

/**
 * Generator: publishes one sweep of {@code runs} runs with {@code epochs} epochs each (request, every
 * epoch's metric, result), the evaluator's summary, and a few worker heartbeats; optionally leaves the
 * last runs running. One run in 50 diverges and one in 97 fails, as real sweeps do.
 *
 * <pre>java -cp ... io.sweepstream.dashboard.LargeSweep BOOTSTRAP [SWEEP_ID] [RUNS] [EPOCHS]</pre>
 */
public final class LargeSweep {

    private LargeSweep() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        String sweepId = args.length > 1 ? args[1] : "large-sweep";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long t0 = System.nanoTime();
        try (Publisher publish = new Publisher(bootstrap)) {
            long now = System.currentTimeMillis();
            SweepFixture sweep = new SweepFixture(sweepId, "fashion-mnist grid, " + runs + " runs", runs, epochs, now - 1000L * (runs + epochs));
            publish(publish, sweep, runs, 0, now);
        }
        System.out.printf("published sweep %s: %d runs x %d epochs in %.1f s%n", sweepId, runs, epochs, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Publishes {@code sweep}: runs before {@code finished} end with a result; the next {@code running}
     * runs are halfway; the rest stay queued. Returns the results published.
     */
    public static List<RunResult> publish(Publisher publish, SweepFixture sweep, int finished, int running, long nowMs) {
        publish.definition(sweep.definition());
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < sweep.runs(); i++) {
            publish.request(sweep.request(i));
            String worker = "trainer-" + (i % 8);
            if (i < finished) {
                for (int e = 1; e <= sweep.epochs(); e++) {
                    publish.metric(sweep.metric(i, e, 1, worker));
                }
                RunResult r = sweep.result(i, worker);
                if (i % 50 == 7) {
                    r = RunResult.newBuilder(r).setStatus(RunStatus.DIVERGED).setError("loss became NaN at epoch 3, batch 118")
                            .setDivergedAtEpoch(3).setDivergedAtBatch(118).setTestAccuracy(null).setConfusionMatrix(null).build();
                } else if (i % 97 == 3) {
                    r = RunResult.newBuilder(r).setStatus(RunStatus.FAILED).setError("trainer ran out of memory")
                            .setTestAccuracy(null).setConfusionMatrix(null).build();
                }
                results.add(r);
                publish.result(r);
            } else if (i < finished + running) {
                for (int e = 1; e <= sweep.epochs() / 2; e++) {
                    publish.metric(sweep.metric(i, e, 1, "trainer-" + (i - finished)));
                }
            }
        }
        List<RunResult> ranked = results.stream().filter(r -> r.getStatus() == RunStatus.FINISHED).toList();
        publish.summary(sweep.summary(ranked, 10));
        for (int w = 0; w < Math.max(1, running); w++) {
            int run = finished + w;
            boolean busy = run < sweep.runs() && w < running;
            publish.worker(SweepFixture.worker("trainer-" + w, busy ? WorkerState.TRAINING : WorkerState.IDLE,
                    busy ? sweep.sweepId() : null, busy ? sweep.runId(run) : null, sweep.epochs() / 2, sweep.epochs(), nowMs));
        }
        publish.flush();
        return results;
    }
}
