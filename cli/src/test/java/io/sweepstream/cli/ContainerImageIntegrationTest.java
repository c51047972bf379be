package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.sweepstream.broker.QueueBrokerSettings;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The image as compose runs it: Kafka in a container, {@code sweep topics} and {@code sweep trainer} from the
 * image built from our Dockerfile, a sweep submitted from here; the trainer's result arrives. Skipped where no
 * Docker engine answers (as on our development machines); runs wherever one does.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageIntegrationTest {

    /** The name containers reach Kafka by, as in docker-compose.yml. */
    private static final String KAFKA_ADDRESS = "kafka:19092";

    private static Network network;
    private static KafkaContainer kafka;
    private static ImageFromDockerfile image;

    @BeforeAll
    static void startKafkaAndBuildTheImage() {
        network = Network.newNetwork();
        kafka = new KafkaContainer("apache/kafka:4.4.0")
                .withNetwork(network)
                .withListener(KAFKA_ADDRESS)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv(QueueBrokerSettings.asEnvironment());
        kafka.start();
        // The repository is the build context; .dockerignore keeps target/ and .git out.
        image = new ImageFromDockerfile("sweepstream/sweep-test", false).withDockerfile(DeploymentFiles.DOCKERFILE);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    private static GenericContainer<?> sweep(String... args) {
        return new GenericContainer<>(image).withNetwork(network).withEnv("SWEEP_BOOTSTRAP", KAFKA_ADDRESS).withCommand(args);
    }

    @Test
    void aTrainerFromTheImageTrainsARunSubmittedFromOutside(@TempDir Path tmp) throws Exception {
        try (GenericContainer<?> topics = sweep("topics")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
            topics.start();
            assertTrue(topics.getLogs().contains("runs.requested"), topics.getLogs());
        }

        Path data = tmp.resolve("fashion_mnist");
        IdxWriter.writeDirectory(data, SyntheticDataset.blobs("train", 600, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 100, 28, 28, 10, 2), true);
        try (GenericContainer<?> trainer = sweep("trainer", "--id", "container-trainer")
                .withCopyFileToContainer(MountableFile.forHostPath(data, 0755), "/data/fashion_mnist")
                .waitingFor(Wait.forLogMessage(".*trainer container-trainer waiting for runs.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
            trainer.start();

            SweepController.submit(kafka.getBootstrapServers(), SpecParser.parse("""
                    name: image
                    method: grid
                    dataset: fashion_mnist
                    parameters:
                      epochs: {value: 1}
                      num_layers: {value: 1}
                      hidden_size: {value: 16}
                      batch_size: {value: 32}
                    """), "image-test");

            List<RunResult> results = TopicReader.read(kafka.getBootstrapServers(), Topics.RUNS_RESULTS,
                    r -> r.getSweepId().equals("image-test"), 1, Duration.ofMinutes(3));
            assertEquals(1, results.size(), trainer::getLogs);
            assertEquals(RunStatus.FINISHED, results.get(0).getStatus(), trainer::getLogs);
            assertEquals("container-trainer", results.get(0).getWorkerId());
        }
    }
}
