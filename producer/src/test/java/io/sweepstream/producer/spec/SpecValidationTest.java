package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each way a spec can be wrong, with the exact message a user reads. */
class SpecValidationTest {

    private static final String ALLOWED_PARAMETERS = "epochs, batch_size, loss, optimizer, learning_rate, momentum, "
            + "beta, beta1, beta2, epsilon, weight_decay, weight_init, num_layers, hidden_size, activation";

    /** The problems of {@code yaml}, as the lines of the exception's message. */
    private static List<String> problems(String yaml) {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(yaml));
        assertEquals(List.of(e.getMessage().split("\n")), e.problems().stream().map(SpecProblem::toString).toList());
        return e.problems().stream().map(SpecProblem::toString).toList();
    }

    /** A spec with one parameter block. */
    private static List<String> parameter(String method, String name, String block) {
        return problems("method: " + method + "\nparameters:\n  " + name + ": " + block + "\n");
    }

    @Test
    void reportsEveryProblemTogetherOnePerLine() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("""
                method: grid
                run_cap: 0
                parameters:
                  lr: {value: 0.1}
                  optimizer: {values: [adam, adamw]}
                  num_layers: {value: 0}
                """));

        assertEquals("""
                run_cap: must be a positive integer, found 0
                parameters.lr: unknown parameter (did you mean learning_rate?); allowed: %s
                parameters.optimizer.values[1]: unknown optimizer "adamw"; allowed: sgd, momentum, nag, rmsprop, adam, nadam
                parameters.num_layers.value: must be >= 1, found 0""".formatted(ALLOWED_PARAMETERS), e.getMessage());
        assertEquals(4, e.problems().size());
        assertEquals(new SpecProblem("run_cap", "must be a positive integer, found 0"), e.problems().get(0));
    }

    @Test
    void rejectsUnparsableYamlWithLineAndColumn() {
        assertEquals(List.of("spec: invalid YAML at line 2, column 19: mapping values are not allowed here"),
                problems("method: grid\nparameters: epochs: 3\n"));
    }

    @Test
    void rejectsDuplicateKeys() {
        assertEquals(List.of("spec: invalid YAML at line 2, column 1: found duplicate key method"),
                problems("method: grid\nmethod: random\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void rejectsADocumentThatIsNotAMap() {
        assertEquals(List.of("spec: must be a map of keys (method, parameters, ...), found a list"),
                problems("- method\n- grid\n"));
    }

    @Test
    void rejectsAnEmptyDocument() {
        assertEquals(List.of("spec: is empty; expected a map with at least method and parameters"), problems("# nothing\n"));
    }

    @Test
    void rejectsAMissingMethod() {
        assertEquals(List.of("method: required; allowed: grid, random, bayes"),
                problems("parameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void rejectsAnUnknownMethod() {
        assertEquals(List.of("method: unknown method \"hyperband\"; allowed: grid, random, bayes"),
                problems("method: hyperband\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void rejectsMissingParameters() {
        assertEquals(List.of("parameters: required: a map from hyperparameter name to value, values or distribution; names: "
                + ALLOWED_PARAMETERS), problems("method: grid\n"));
    }

    @Test
    void rejectsAnUnknownTopLevelKeyNamingTheAllowedOnes() {
        assertEquals(List.of("runcap: unknown key (did you mean run_cap?); allowed: name, method, metric, run_cap, "
                        + "parameters, dataset, seed, parallelism, followup, early_terminate, program, command, "
                        + "project, entity, description"),
                problems("method: grid\nruncap: 3\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void pointsAHyperparameterAtTheTopLevelToParameters() {
        assertEquals(List.of("learning_rate: is a hyperparameter; put it under parameters, "
                        + "e.g. parameters: {learning_rate: {value: ...}}"),
                problems("method: grid\nlearning_rate: 0.1\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void suggestsTheClosestNameForAnUnknownParameter() {
        assertEquals(List.of("parameters.lr: unknown parameter (did you mean learning_rate?); allowed: " + ALLOWED_PARAMETERS),
                parameter("grid", "lr", "{value: 0.1}"));
        assertEquals(List.of("parameters.batch-size: unknown parameter (did you mean batch_size?); allowed: " + ALLOWED_PARAMETERS),
                parameter("grid", "batch-size", "{value: 32}"));
        assertEquals(List.of("parameters.optimiser: unknown parameter (did you mean optimizer?); allowed: " + ALLOWED_PARAMETERS),
                parameter("grid", "optimiser", "{value: adam}"));
        assertEquals(List.of("parameters.colour: unknown parameter; allowed: " + ALLOWED_PARAMETERS),
                parameter("grid", "colour", "{value: red}"));
    }

    @Test
    void rejectsDatasetAsAParameterWithAHint() {
        assertEquals(List.of("parameters.dataset: dataset is a top-level key, not a parameter; "
                        + "write it at the top level, e.g. dataset: mnist"),
                parameter("grid", "dataset", "{values: [mnist, fashion_mnist]}"));
    }

    @Test
    void rejectsAnUnknownCategoricalValueNamingTheAllowedOnes() {
        assertEquals(List.of("parameters.optimizer.values[2]: unknown optimizer \"adamw\"; "
                        + "allowed: sgd, momentum, nag, rmsprop, adam, nadam"),
                parameter("grid", "optimizer", "{values: [sgd, adam, adamw]}"));
        assertEquals(List.of("parameters.activation.value: unknown activation \"gelu\"; allowed: identity, sigmoid, tanh, relu"),
                parameter("grid", "activation", "{value: gelu}"));
        assertEquals(List.of("parameters.weight_init.values[0]: must be one of random, xavier, he, found 3"),
                parameter("grid", "weight_init", "{values: [3]}"));
    }

    @Test
    void rejectsANegativeLearningRate() {
        assertEquals(List.of("parameters.learning_rate.value: must be > 0, found -0.01"),
                parameter("grid", "learning_rate", "{value: -0.01}"));
    }

    @Test
    void rejectsZeroLayers() {
        assertEquals(List.of("parameters.num_layers.values[0]: must be >= 1, found 0"),
                parameter("grid", "num_layers", "{values: [0, 1]}"));
    }

    @Test
    void rejectsValuesOutsideTheirDomains() {
        assertEquals(List.of("parameters.momentum.value: must be in [0, 1), found 1.0"),
                parameter("grid", "momentum", "{value: 1.0}"));
        assertEquals(List.of("parameters.weight_decay.value: must be >= 0, found -1.0"),
                parameter("grid", "weight_decay", "{value: -1.0}"));
        assertEquals(List.of("parameters.epsilon.value: must be > 0, found 0.0"),
                parameter("grid", "epsilon", "{value: 0.0}"));
        assertEquals(List.of("parameters.epochs.values[1]: must be an integer, found 2.5"),
                parameter("grid", "epochs", "{values: [1, 2.5]}"));
        assertEquals(List.of("parameters.batch_size.value: must be an integer, found \"ten\""),
                parameter("grid", "batch_size", "{value: ten}"));
        assertEquals(List.of("parameters.learning_rate.value: must be a finite number, found Infinity"),
                parameter("grid", "learning_rate", "{value: .inf}"));
    }

    @Test
    void rejectsDuplicateValues() {
        assertEquals(List.of("parameters.activation.values[1]: duplicate of values[0] (relu)"),
                parameter("grid", "activation", "{values: [relu, ReLU]}"));
    }

    @Test
    void rejectsEmptyValues() {
        assertEquals(List.of("parameters.optimizer.values: must not be empty"), parameter("grid", "optimizer", "{values: []}"));
    }

    @Test
    void rejectsProbabilitiesOfTheWrongLength() {
        assertEquals(List.of("parameters.optimizer.probabilities: has 2 entries but values has 3"),
                parameter("random", "optimizer", "{values: [sgd, adam, nadam], probabilities: [0.5, 0.5]}"));
    }

    @Test
    void rejectsProbabilitiesThatDoNotSumToOne() {
        assertEquals(List.of("parameters.optimizer.probabilities: must sum to 1 (within 1e-6), found 0.9"),
                parameter("random", "optimizer", "{values: [sgd, adam], probabilities: [0.5, 0.4]}"));
    }

    @Test
    void rejectsNegativeProbabilities() {
        assertEquals(List.of("parameters.optimizer.probabilities[1]: must be a number >= 0, found -0.5"),
                parameter("random", "optimizer", "{values: [sgd, adam, nadam], probabilities: [1.0, -0.5, 0.5]}"));
    }

    @Test
    void acceptsProbabilitiesWithinTheTolerance() {
        SpecParser.parse("method: random\nparameters: {optimizer: {values: [sgd, adam, nadam], "
                + "probabilities: [0.3333333, 0.3333333, 0.3333334]}}\n");
    }

    @Test
    void rejectsMinGreaterThanMax() {
        assertEquals(List.of("parameters.learning_rate.min: min 0.1 is greater than max 0.01"),
                parameter("random", "learning_rate", "{distribution: uniform, min: 0.1, max: 0.01}"));
    }

    @Test
    void rejectsALogDistributionWithMinAtOrBelowZero() {
        assertEquals(List.of("parameters.weight_decay.min: log_uniform_values needs min > 0, found 0.0"),
                parameter("random", "weight_decay", "{distribution: log_uniform_values, min: 0, max: 0.1}"));
    }

    @Test
    void rejectsAContinuousDistributionInAGrid() {
        assertEquals(List.of("parameters.learning_rate: grid search cannot enumerate a log_uniform_values distribution; "
                        + "use value, values or int_uniform, or method: random"),
                parameter("grid", "learning_rate", "{distribution: log_uniform_values, min: 1e-4, max: 1e-2}"));
    }

    @Test
    void rejectsABoundOutsideTheParameterDomain() {
        assertEquals(List.of("parameters.momentum.max: must be in [0, 1) for momentum, found 1.5"),
                parameter("random", "momentum", "{min: 0.5, max: 1.5}"));
        assertEquals(List.of("parameters.learning_rate.min: must be > 0 for learning_rate, found 0.0"),
                parameter("random", "learning_rate", "{distribution: uniform, min: 0.0, max: 0.1}"));
    }

    @Test
    void rejectsAQuantisedBoundThatRoundsOutOfTheDomain() {
        assertEquals(List.of("parameters.batch_size.min: q_uniform rounds 4.0 to 0.0, which must be >= 1"),
                parameter("random", "batch_size", "{distribution: q_uniform, min: 4, max: 64, q: 16}"));
    }

    @Test
    void rejectsANormalDistributionOnAPositiveParameter() {
        assertEquals(List.of("parameters.learning_rate.distribution: normal can draw values outside learning_rate's "
                        + "domain (> 0); use a bounded distribution or log_normal"),
                parameter("random", "learning_rate", "{distribution: normal, mu: 0.01, sigma: 0.001}"));
        assertEquals(List.of("parameters.momentum.distribution: log_normal can draw values outside momentum's "
                        + "domain (in [0, 1)); use a bounded distribution"),
                parameter("random", "momentum", "{distribution: log_normal, mu: -1, sigma: 0.1}"));
    }

    @Test
    void rejectsARealDistributionOnAnIntegerParameter() {
        assertEquals(List.of("parameters.epochs.distribution: epochs takes integers but uniform draws reals; "
                        + "use int_uniform, or a q_ distribution with an integer q"),
                parameter("random", "epochs", "{min: 1.0, max: 10.0}"));
    }

    @Test
    void rejectsADistributionOnACategoricalParameter() {
        assertEquals(List.of("parameters.optimizer: optimizer is categorical; use value or values "
                        + "(allowed: sgd, momentum, nag, rmsprop, adam, nadam)"),
                parameter("random", "optimizer", "{min: 1, max: 3}"));
    }

    @Test
    void rejectsAnUnknownDistributionWithAHintForWandbLogUniform() {
        assertEquals(List.of("parameters.learning_rate.distribution: unknown distribution \"log_uniform\"; allowed: "
                        + "uniform, int_uniform, log_uniform_values, q_uniform, q_log_uniform_values, normal, log_normal "
                        + "(W&B's log_uniform takes bounds as natural logs; write log_uniform_values with the values themselves)"),
                parameter("random", "learning_rate", "{distribution: log_uniform, min: -9, max: -4}"));
    }

    @Test
    void rejectsMixedOrMissingParameterForms() {
        assertEquals(List.of("parameters.epochs: give exactly one of value, values or distribution (min/max, mu/sigma), "
                        + "found value and values"),
                parameter("grid", "epochs", "{value: 1, values: [1, 2]}"));
        assertEquals(List.of("parameters.epochs.valeus: unknown key (did you mean values?); allowed: value, values, "
                        + "probabilities, distribution, min, max, mu, sigma, q",
                        "parameters.epochs: give exactly one of value, values or distribution (min/max, mu/sigma)"),
                parameter("grid", "epochs", "{valeus: [1, 2]}"));
        assertEquals(List.of("parameters.epochs: must be a map with keys value, values, probabilities, distribution, "
                        + "min, max, mu, sigma, q, found a list"),
                parameter("grid", "epochs", "[1, 2]"));
        assertEquals(List.of("parameters.learning_rate.max: required by log_uniform_values"),
                parameter("random", "learning_rate", "{distribution: log_uniform_values, min: 1e-4}"));
        assertEquals(List.of("parameters.learning_rate.mu: not used by uniform, which reads min, max"),
                parameter("random", "learning_rate", "{min: 0.001, max: 0.01, mu: 0.005}"));
    }

    @Test
    void rejectsANonPositiveRunCapAndParallelism() {
        assertEquals(List.of("run_cap: must be a positive integer, found -3", "parallelism: must be a positive integer, found 0"),
                problems("method: random\nrun_cap: -3\nparallelism: 0\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void rejectsUnknownMetricsDatasetsAndFollowupKeys() {
        assertEquals(List.of(
                        "metric.name: unknown metric \"f1\"; allowed: val_accuracy, val_loss, train_accuracy, train_loss, "
                                + "test_accuracy, test_loss (aliases: accuracy, test_acc, train_acc, val_acc, "
                                + "validation_accuracy, validation_loss)",
                        "metric.goal: unknown goal \"up\"; allowed: maximize, minimize",
                        "dataset: unknown dataset \"cifar10\"; allowed: fashion_mnist, mnist",
                        "followup.top_k: must be a positive integer, found 0"),
                problems("method: grid\nmetric: {name: f1, goal: up}\ndataset: cifar10\nfollowup: {dataset: mnist, top_k: 0}\n"
                        + "parameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void requiresAMetricForBayes() {
        assertEquals(List.of("metric: required for bayes search: bayes needs to know what to optimise"),
                problems("method: bayes\nparameters: {epochs: {value: 1}}\n"));
    }

    @Test
    void acceptsBayesWithAMetric() {
        SweepSpec spec = SpecParser.parse("method: bayes\nmetric: {name: val_loss, goal: minimize}\n"
                + "parameters: {learning_rate: {distribution: log_uniform_values, min: 1e-4, max: 1e-1}}\n");
        assertEquals(SearchMethod.BAYES, spec.method());
    }

    @Test
    void rejectsBayesOnATrainingMetricThatResultsDoNotCarry() {
        assertEquals(List.of("metric.name: bayes search learns from run results, which carry val_accuracy, val_loss, "
                        + "test_accuracy and test_loss; train_loss is not among them"),
                problems("method: bayes\nmetric: {name: train_loss}\nparameters: {epochs: {value: 1}}\n"));
        assertEquals("train_loss", SpecParser.parse("method: random\nmetric: {name: train_loss}\nparameters: {epochs: {value: 1}}\n").metric().name());
    }

    @Test
    void rejectsAGridTooLargeToIndexWithoutRunCap() {
        String yaml = "method: grid\nparameters:\n  hidden_size: {min: 1, max: 100000}\n  batch_size: {min: 1, max: 100000}\n";
        assertEquals(List.of("parameters: grid has 10000000000 combinations, more than 2147483647; "
                + "set run_cap or use fewer values"), problems(yaml));
        SpecParser.parse(yaml + "run_cap: 10\n");
    }

    @Test
    void rejectsIntegerBoundsBeyondAnInt() {
        assertEquals(List.of("parameters.hidden_size.max: must be <= 2147483647 for hidden_size, found 3.0E9"),
                parameter("random", "hidden_size", "{min: 1, max: 3000000000}"));
    }

    @Test
    void keepsTheMessageOfASpecExceptionAsItsProblems() {
        SpecException e = new SpecException(List.of(new SpecProblem("a", "x"), new SpecProblem("b", "y")));
        assertEquals("a: x\nb: y", e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }
}
