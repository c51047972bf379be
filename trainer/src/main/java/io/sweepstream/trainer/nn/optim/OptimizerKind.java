package io.sweepstream.trainer.nn.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimizers a run can choose, by their command-line names. */
public enum OptimizerKind {
    SGD("sgd"),
    MOMENTUM("momentum"),
    NAG("nag"),
    RMSPROP("rmsprop"),
    ADAM("adam"),
    NADAM("nadam");

    private final String cliName;

    OptimizerKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in sweep specs. */
    public String cliName() {
        return cliName;
    }

    /** A fresh optimizer for these tensors, with its state buffers allocated. */
    public Optimizer create(OptimizerConfig config, List<ParameterSpec> specs) {
        return switch (this) {
            case SGD -> new Sgd(config, specs);
            case MOMENTUM -> new Momentum(config, specs);
            case NAG -> new Nesterov(config, specs);
            case RMSPROP -> new RmsProp(config, specs);
            case ADAM -> new Adam(config, specs);
            case NADAM -> new Nadam(config, specs);
        };
    }

    /** Case-insensitive; throws naming the value found and the allowed ones. */
    public static OptimizerKind parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (OptimizerKind kind : values()) {
            if (kind.cliName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + value + "', allowed: "
                + Arrays.stream(values()).map(OptimizerKind::cliName).collect(Collectors.joining(", ")));
    }
}
