package io.sweepstream.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.trainer.data.DatasetFiles;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.kafka.TrainerWorker;
import io.sweepstream.trainer.kafka.WorkerSettings;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.worker.WorkerListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep trainer}: one trainer worker; start as many as you like, anywhere that reaches Kafka. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Runs a trainer worker: takes run requests from Kafka, trains them, publishes metrics and results.",
                "Start several (here or on other machines) to train in parallel; Ctrl-C hands the current run to another worker."})
final class TrainerCommand implements Runnable {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--id", description = "Worker id (letters, digits, . _ -). Default: $SWEEP_WORKER_ID, else trainer-<random>.")
    String workerId;

    @Option(names = "--data-dir", description = "Directory with the IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's package, a download).")
    Path dataDir;

    @Option(names = {"-v", "--verbose"}, description = "Also print a line per epoch (runs starting and ending, and the broker lost and back, always are).")
    boolean verbose;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Matrix-multiply backend: auto, blas, vector or ejml. Default: $SWEEP_BACKEND, else auto (the first that loads of blas, vector, ejml).")
    String backend;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads per run for the matrix products (1..64). 1 suits sweeps (one run per core); more speeds up one run on an otherwise idle machine. Default: $SWEEP_THREADS, else 1.")
    int threads;

    @Override
    public void run() {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be in 1..64, found " + threads);
        }
        Backends.Choice engine = Backends.choose(backend);
        // Runs name their dataset; a trainer must have the default one (as EngineRunExecutor checks), found
        // or downloaded before it looks for a broker, so that a missing dataset is the first thing said.
        DatasetFiles data = DatasetPreflight.require(DatasetKind.FASHION_MNIST, dataDir);
        KafkaConnection connection = kafka.requireBroker();
        String servers = connection.bootstrapServers();
        String id = workerId != null ? workerId : "trainer-" + UUID.randomUUID().toString().substring(0, 8);
        TrainerWorker worker = newWorker(connection, id, dataDir, new TrainerOutput(System.out, verbose, servers, Clock.systemDefaultZone()),
                new Trainer(engine.matMul(), threads)).start();
        System.out.println("trainer " + id + " waiting for runs on " + servers + " (" + data.kind().id() + " from "
                + data.directory() + "; Ctrl-C to stop)");
        System.out.println("backend: " + engine.line() + ", " + threads + " thread" + (threads == 1 ? "" : "s") + " per run");
        role(worker).runUntilStopped();
    }

    static TrainerWorker newWorker(String servers, String id, Path dataDir) {
        return newWorker(servers, id, dataDir, WorkerListener.NONE);
    }

    /** A worker on the backend that {@code SWEEP_BACKEND} forces, else the best available, one thread per run. */
    static TrainerWorker newWorker(String servers, String id, Path dataDir, WorkerListener listener) {
        return newWorker(KafkaConnection.plaintext(servers), id, dataDir, listener, new Trainer());
    }

    static TrainerWorker newWorker(KafkaConnection kafka, String id, Path dataDir, WorkerListener listener, Trainer trainer) {
        EngineRunExecutor executor = new EngineRunExecutor(name -> Datasets.load(DatasetKind.parse(name), dataDir), trainer);
        return new TrainerWorker(WorkerSettings.of(kafka, id), executor, listener);
    }

    static RunningRole role(TrainerWorker worker) {
        return new RunningRole("trainer " + worker.workerId(), worker, worker::failure);
    }
}
