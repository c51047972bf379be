package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import io.sweepstream.schemas.Hyperparameter;

class RunConfigTest {

    @Test
    void fillsEveryUnsetHyperparameterWithItsDefault() {
        RunConfig config = RunConfig.withDefaults(Map.of("optimizer", "sgd"));

        assertEquals(List.of("epochs", "batch_size", "loss", "optimizer", "learning_rate", "momentum", "beta",
                "beta1", "beta2", "epsilon", "weight_decay", "weight_init", "num_layers", "hidden_size", "activation"),
                List.copyOf(config.values().keySet()));
        assertEquals("sgd", config.getString("optimizer"));
        assertEquals(5, config.getInt("epochs"));
        assertEquals(64, config.getInt("batch_size"));
        assertEquals("cross_entropy", config.getString("loss"));
        assertEquals(1e-3, config.getDouble("learning_rate"));
        assertEquals(0.9, config.getDouble("momentum"));
        assertEquals(0.9, config.getDouble("beta"));
        assertEquals(0.9, config.getDouble("beta1"));
        assertEquals(0.999, config.getDouble("beta2"));
        assertEquals(1e-8, config.getDouble("epsilon"));
        assertEquals(0.0, config.getDouble("weight_decay"));
        assertEquals("xavier", config.getString("weight_init"));
        assertEquals(3, config.getInt("num_layers"));
        assertEquals(64, config.getInt(Hyperparameter.HIDDEN_SIZE));
        assertEquals("relu", config.getString(Hyperparameter.ACTIVATION));
    }

    @Test
    void storesTypedCanonicalValues() {
        RunConfig config = RunConfig.withDefaults(Map.of("activation", "ReLU", "weight_init", "Xavier",
                "epochs", 10L, "hidden_size", 128.0, "weight_decay", 0));

        assertEquals("relu", config.values().get("activation"));
        assertEquals("xavier", config.values().get("weight_init"));
        assertEquals(Integer.valueOf(10), config.values().get("epochs"));
        assertEquals(Integer.valueOf(128), config.values().get("hidden_size"));
        assertEquals(Double.valueOf(0.0), config.values().get("weight_decay"));
    }

    @Test
    void rejectsValuesOutsideTheirDomainsNamingEachOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunConfig.withDefaults(Map.of("learning_rate", -1.0, "optimizer", "adamw", "dropout", 0.5)));

        assertEquals("invalid run config: dropout: unknown hyperparameter; allowed: epochs, batch_size, loss, optimizer, "
                + "learning_rate, momentum, beta, beta1, beta2, epsilon, weight_decay, weight_init, num_layers, "
                + "hidden_size, activation; optimizer: unknown optimizer \"adamw\"; allowed: sgd, momentum, nag, rmsprop, "
                + "adam, nadam; learning_rate: must be > 0, found -1.0", e.getMessage());
    }

    @Test
    void rejectsAConfigMissingAHyperparameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunConfig(Map.of()));
        assertEquals(true, e.getMessage().contains("epochs: missing"));
    }

    @Test
    void refusesToReadAValueAsTheWrongType() {
        assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().getInt("learning_rate"));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.defaults().getDouble("lr"));
    }

    @Test
    void isImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> RunConfig.defaults().values().put("epochs", 1));
    }
}
