package io.sweepstream.trainer.nn.init;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The weight initialisations a run can choose, by their command-line names. */
public enum InitKind {
    /** N(0, 0.01²). */
    RANDOM("random"),
    /** Glorot uniform, Var = 2 / (fanIn + fanOut). */
    XAVIER("xavier"),
    /** N(0, 2 / fanIn). */
    HE("he");

    private final String cliName;

    InitKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in sweep specs. */
    public String cliName() {
        return cliName;
    }

    public Initializer create() {
        return switch (this) {
            case RANDOM -> new SmallNormal();
            case XAVIER -> new XavierUniform();
            case HE -> new HeNormal();
        };
    }

    /** Case-insensitive ({@code Xavier} is {@code xavier}); throws naming the value found and the allowed ones. */
    public static InitKind parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (InitKind kind : values()) {
            if (kind.cliName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown weight init '" + value + "', allowed: "
                + Arrays.stream(values()).map(InitKind::cliName).collect(Collectors.joining(", ")));
    }
}
