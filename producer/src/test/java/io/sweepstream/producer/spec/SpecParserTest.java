package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecParserTest {

    static Path resource(String name) {
        try {
            return Path.of(SpecParserTest.class.getResource("/specs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> values(Object... values) {
        return List.of(values);
    }

    @Test
    void parsesTheClassicWandbGridSweep() throws IOException {
        SweepSpec spec = SpecParser.parse(resource("classic-grid.yaml"));

        assertEquals("classic-grid", spec.name());
        assertEquals(SearchMethod.GRID, spec.method());
        assertEquals(new Metric("val_accuracy", Metric.Goal.MAXIMIZE), spec.metric());
        assertEquals(Optional.empty(), spec.runCap());
        assertEquals(Dataset.FASHION_MNIST, spec.dataset());
        assertEquals(0L, spec.seed());
        assertEquals(List.of("epochs", "num_layers", "hidden_size", "weight_decay", "learning_rate",
                "optimizer", "batch_size", "weight_init", "activation"), List.copyOf(spec.parameters().keySet()));
        assertEquals(new ParameterSpec.Categorical(values(0.0, 0.0005, 0.5), Optional.empty()),
                spec.parameters().get("weight_decay"));
        assertEquals(new ParameterSpec.Categorical(values(1e-3, 1e-4), Optional.empty()),
                spec.parameters().get("learning_rate"));
        assertEquals(new ParameterSpec.Categorical(values("random", "xavier"), Optional.empty()),
                spec.parameters().get("weight_init"));
        assertEquals(new ParameterSpec.Categorical(values("sigmoid", "tanh", "relu"), Optional.empty()),
                spec.parameters().get("activation"));
        assertEquals(11664L, spec.gridCombinations().getAsLong());
        assertTrue(spec.text().startsWith("# The classic assignment sweep"));
    }

    @Test
    void parsesTheJsonVariantToTheSameSpec() throws IOException {
        SweepSpec yaml = SpecParser.parse(resource("classic-grid.yaml"));
        SweepSpec json = SpecParser.parse(resource("classic-grid.json"));

        assertEquals(yaml.parameters(), json.parameters());
        assertEquals(yaml.method(), json.method());
        assertEquals(yaml.metric(), json.metric());
    }

    @Test
    void parsesEveryTopLevelKeyAndParameterForm() throws IOException {
        SweepSpec spec = SpecParser.parse(resource("full-random.yaml"));

        assertEquals(SearchMethod.RANDOM, spec.method());
        assertEquals(new Metric("val_accuracy", Metric.Goal.MAXIMIZE), spec.metric());
        assertEquals(Optional.of(50), spec.runCap());
        assertEquals(Dataset.MNIST, spec.dataset());
        assertEquals(42L, spec.seed());
        assertEquals(Optional.of(4), spec.parallelism());
        assertEquals(Optional.of(new Followup(Dataset.FASHION_MNIST, 3)), spec.followup());
        assertEquals(Optional.of(EarlyTermination.fromMinIter(3, 3, false)), spec.earlyTerminate());

        Map<String, ParameterSpec> p = spec.parameters();
        assertEquals(new ParameterSpec.Fixed(10), p.get("epochs"));
        assertEquals(new ParameterSpec.Categorical(values("adam", "nadam", "sgd"), Optional.of(List.of(0.5, 0.3, 0.2))),
                p.get("optimizer"));
        assertEquals(ParameterSpec.Distribution.bounded(DistributionKind.Q_LOG_UNIFORM_VALUES, 16, 256, 16),
                p.get("batch_size"));
        assertEquals(ParameterSpec.Distribution.bounded(DistributionKind.LOG_UNIFORM_VALUES, 1e-4, 1e-2, Double.NaN),
                p.get("learning_rate"));
        assertEquals(ParameterSpec.Distribution.normal(DistributionKind.LOG_NORMAL, -9, 1), p.get("weight_decay"));
        assertEquals(ParameterSpec.Distribution.bounded(DistributionKind.INT_UNIFORM, 1, 5, Double.NaN),
                p.get("num_layers"), "integer min/max without distribution is int_uniform");
        assertEquals(ParameterSpec.Distribution.bounded(DistributionKind.UNIFORM, 0.9, 0.9999, Double.NaN),
                p.get("beta2"), "real min/max without distribution is uniform");
        assertEquals(new ParameterSpec.Categorical(values("relu", "tanh"), Optional.empty()), p.get("activation"));
    }

    @Test
    void followupBlockDefaultsToMnistAndTheTopThree() {
        SweepSpec spec = SpecParser.parse("method: grid\nfollowup: {}\nparameters: {epochs: {value: 1}}\n");

        assertEquals(Optional.of(new Followup(Dataset.MNIST, 3)), spec.followup());
    }

    @Test
    void fillsTopLevelDefaultsWhenKeysAreAbsent() {
        SweepSpec spec = SpecParser.parse("method: random\nparameters: {epochs: {value: 1}}\n");

        assertEquals("sweep", spec.name());
        assertEquals(Metric.DEFAULT, spec.metric());
        assertEquals(Dataset.FASHION_MNIST, spec.dataset());
        assertEquals(0L, spec.seed());
        assertEquals(Optional.empty(), spec.runCap(), "random without run_cap is unbounded, as in W&B");
        assertEquals(Optional.empty(), spec.parallelism());
        assertEquals(Optional.empty(), spec.followup());
        assertEquals(Optional.empty(), spec.earlyTerminate());
    }

    @Test
    void infersTheGoalFromTheMetricWhenNoneIsGiven() {
        SweepSpec loss = SpecParser.parse("method: grid\nmetric: {name: validation_loss}\nparameters: {epochs: {value: 1}}\n");
        SweepSpec accuracy = SpecParser.parse("method: grid\nmetric: {name: test_acc}\nparameters: {epochs: {value: 1}}\n");

        assertEquals(new Metric("val_loss", Metric.Goal.MINIMIZE), loss.metric());
        assertEquals(new Metric("test_accuracy", Metric.Goal.MAXIMIZE), accuracy.metric());
    }

    @Test
    void acceptsCategoricalValuesInAnyCase() {
        SweepSpec spec = SpecParser.parse(
                "method: grid\nparameters:\n  optimizer: {value: NAdam}\n  loss: {values: [Cross_Entropy, MEAN_SQUARED_ERROR]}\n");

        assertEquals(new ParameterSpec.Fixed("nadam"), spec.parameters().get("optimizer"));
        assertEquals(new ParameterSpec.Categorical(values("cross_entropy", "mean_squared_error"), Optional.empty()),
                spec.parameters().get("loss"));
    }

    @Test
    void acceptsIntUniformInAGrid() {
        SweepSpec spec = SpecParser.parse("method: grid\nparameters: {num_layers: {distribution: int_uniform, min: 2, max: 4}}\n");

        assertEquals(3L, spec.gridCombinations().getAsLong());
    }

    @Test
    void readsQuantisedIntegersForIntegerParameters() {
        SweepSpec spec = SpecParser.parse(
                "method: random\nparameters: {hidden_size: {distribution: q_uniform, min: 32, max: 128, q: 32}}\n");

        assertEquals(ParameterSpec.Distribution.bounded(DistributionKind.Q_UNIFORM, 32, 128, 32),
                spec.parameters().get("hidden_size"));
    }

    @Test
    void defaultsQToOneLikeWandb() {
        SweepSpec spec = SpecParser.parse(
                "method: random\nparameters: {batch_size: {distribution: q_uniform, min: 8, max: 128}}\n");

        assertEquals(1.0, ((ParameterSpec.Distribution) spec.parameters().get("batch_size")).q());
    }

    @Test
    void rejectsAFileThatDoesNotExist() {
        assertThrows(IOException.class, () -> SpecParser.parse(Path.of("no-such-spec.yaml")));
    }
}
