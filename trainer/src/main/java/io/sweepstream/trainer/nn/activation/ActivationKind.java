package io.sweepstream.trainer.nn.activation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The activations a run can choose, by their command-line names. */
public enum ActivationKind {
    IDENTITY("identity"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    RELU("relu");

    private final String cliName;

    ActivationKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in sweep specs. */
    public String cliName() {
        return cliName;
    }

    public Activation create() {
        return switch (this) {
            case IDENTITY -> new Identity();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case RELU -> new Relu();
        };
    }

    /** Case-insensitive ({@code ReLU} is {@code relu}); throws naming the value found and the allowed ones. */
    public static ActivationKind parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ActivationKind kind : values()) {
            if (kind.cliName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + value + "', allowed: "
                + Arrays.stream(values()).map(ActivationKind::cliName).collect(Collectors.joining(", ")));
    }
}
