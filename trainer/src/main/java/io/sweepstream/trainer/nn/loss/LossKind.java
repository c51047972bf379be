package io.sweepstream.trainer.nn.loss;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The losses a run can choose, by their command-line names. */
public enum LossKind {
    CROSS_ENTROPY("cross_entropy"),
    MEAN_SQUARED_ERROR("mean_squared_error");

    private final String cliName;

    LossKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in sweep specs. */
    public String cliName() {
        return cliName;
    }

    public Loss create() {
        return switch (this) {
            case CROSS_ENTROPY -> new CrossEntropy();
            case MEAN_SQUARED_ERROR -> new MeanSquaredError();
        };
    }

    /** Case-insensitive; throws naming the value found and the allowed ones. */
    public static LossKind parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (LossKind kind : values()) {
            if (kind.cliName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + value + "', allowed: "
                + Arrays.stream(values()).map(LossKind::cliName).collect(Collectors.joining(", ")));
    }
}
