package io.sweepstream.trainer.math;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Finds which {@link MatMul} backends this JVM can run and picks one: native BLAS (OpenBLAS through netlib), then the
 * JDK Vector API kernel, then EJML, unless {@code --backend} or the {@code SWEEP_BACKEND} environment variable forces
 * one. Each backend is probed once per JVM; a backend that cannot load says why ({@link #unavailable()}), so the
 * choice can always be explained in one line.
 */
public final class Backends {

    /** The environment variable that forces a backend when no flag does. */
    public static final String ENV = "SWEEP_BACKEND";

    /** The backends in order of preference. */
    public enum Kind {
        BLAS("blas"),
        VECTOR("vector"),
        EJML("ejml");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** Case-insensitive; {@code auto} (or null/blank) means "the best available", returned as null. */
        public static Kind parseOrAuto(String value) {
            String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (wanted.isEmpty() || wanted.equals("auto")) {
                return null;
            }
            for (Kind kind : values()) {
                if (kind.cliName.equals(wanted)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown backend '" + value + "', allowed: auto, "
                    + Arrays.stream(values()).map(Kind::cliName).collect(Collectors.joining(", ")));
        }
    }

    /** The chosen backend and why: {@code reason} names what forced it, or which faster backends were missing. */
    public record Choice(MatMul matMul, String reason) {

        /** "blas (native BLAS via ... ; auto)" - what the CLI and the worker print. */
        public String line() {
            return matMul.name() + " (" + matMul.description() + "; " + reason + ")";
        }
    }

    private Backends() {
    }

    /**
     * The backend to use: {@code requested} (a flag value: blas, vector, ejml, auto; null if not given) wins, then
     * {@value #ENV}, then the first available of BLAS, Vector, EJML.
     *
     * @throws IllegalArgumentException for an unknown name, or a forced backend that cannot load here (with why)
     */
    public static Choice choose(String requested) {
        String env = System.getenv(ENV);
        String source = requested != null ? "--backend " + requested : env != null && !env.isBlank() ? ENV + "=" + env : null;
        Kind forced = Kind.parseOrAuto(requested != null ? requested : env);
        Map<Kind, MatMul> available = Probe.AVAILABLE;
        if (forced != null) {
            MatMul m = available.get(forced);
            if (m == null) {
                throw new IllegalArgumentException(source + ": the " + forced.cliName() + " backend cannot run here: "
                        + Probe.UNAVAILABLE.get(forced));
            }
            return new Choice(m, "forced by " + source);
        }
        for (Kind kind : Kind.values()) {
            MatMul m = available.get(kind);
            if (m != null) {
                List<String> missing = new ArrayList<>();
                for (Kind faster : Kind.values()) {
                    if (faster == kind) {
                        break;
                    }
                    missing.add(faster.cliName() + " unavailable: " + Probe.UNAVAILABLE.get(faster));
                }
                return new Choice(m, missing.isEmpty() ? "auto" : "auto; " + String.join("; ", missing));
            }
        }
        throw new IllegalStateException("no backend available, not even EJML");
    }

    /** Every backend that runs here, fastest first (tests run their contracts on each). */
    public static List<MatMul> available() {
        return List.copyOf(Probe.AVAILABLE.values());
    }

    /** The backend of this kind, or null if it cannot run here. */
    public static MatMul get(Kind kind) {
        return Probe.AVAILABLE.get(kind);
    }

    /** Why each missing backend cannot run here. */
    public static Map<Kind, String> unavailable() {
        return Map.copyOf(Probe.UNAVAILABLE);
    }

    /** Probes once, on first use (lazy holder: loading native code or an incubator module is not free). */
    private static final class Probe {
        static final Map<Kind, MatMul> AVAILABLE = new LinkedHashMap<>();
        static final Map<Kind, String> UNAVAILABLE = new LinkedHashMap<>();

        static {
            for (Kind kind : Kind.values()) {
                try {
                    MatMul m = switch (kind) {
                        case BLAS -> loadBlas();
                        case VECTOR -> loadVector();
                        case EJML -> MatMul.ejml();
                    };
                    AVAILABLE.put(kind, m);
                } catch (Unavailable e) {
                    UNAVAILABLE.put(kind, e.getMessage());
                } catch (LinkageError | RuntimeException e) {
                    UNAVAILABLE.put(kind, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private static MatMul loadVector() throws Unavailable {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new Unavailable("module jdk.incubator.vector not loaded (run java with --add-modules jdk.incubator.vector)");
        }
        try {
            // by name, so that nothing links against the incubator API unless the module is there
            MatMul m = (MatMul) Class.forName("io.sweepstream.trainer.math.VectorMatMul").getDeclaredConstructor().newInstance();
            if (!sane(m)) {
                throw new Unavailable("its self-test product was wrong");
            }
            return m;
        } catch (ReflectiveOperationException e) {
            throw new Unavailable(e.toString());
        }
    }

    private static MatMul loadBlas() throws Unavailable {
        if (!"true".equals(System.getProperty("dev.ludovic.netlib.blas.allowNative", "true"))) {
            throw new Unavailable("disabled by -Ddev.ludovic.netlib.blas.allowNative=false");
        }
        // netlib logs a WARNING with a stack trace when its native library does not load; we say it in one line
        Logger log = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        Level level = log.getLevel();
        log.setLevel(Level.OFF);
        dev.ludovic.netlib.blas.NativeBLAS blas;
        try {
            blas = dev.ludovic.netlib.blas.NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new Unavailable("netlib found no native BLAS (apt-get install libopenblas0-pthread)");
        } finally {
            log.setLevel(level);
        }
        String library = loadedBlasLibrary();
        if (library == null) {
            throw new Unavailable("netlib's native binding loaded, but no BLAS library shows in /proc/self/maps");
        }
        if (!library.toLowerCase(Locale.ROOT).contains("openblas")) {
            throw new Unavailable("libblas.so.3 is " + library + ", not OpenBLAS (apt-get install libopenblas0-pthread)");
        }
        MatMul m = new BlasMatMul(blas, library);
        if (!sane(m)) {
            throw new Unavailable("its self-test product was wrong");
        }
        return m;
    }

    /** The file behind the BLAS the process mapped (Linux), e.g. .../openblas-pthread/libblas.so.3, or null. */
    private static String loadedBlasLibrary() {
        try {
            String fallback = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String file = path.substring(path.lastIndexOf('/') + 1);
                if (file.contains("openblas")) {
                    return path;
                }
                if (file.startsWith("libblas") || file.startsWith("libcblas")) {
                    fallback = path;
                }
            }
            return fallback;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A 3×5·5×2 product against the plain definition: catches a binding that loads but computes garbage. */
    private static boolean sane(MatMul m) {
        org.ejml.data.FMatrixRMaj a = new org.ejml.data.FMatrixRMaj(3, 5);
        org.ejml.data.FMatrixRMaj b = new org.ejml.data.FMatrixRMaj(5, 2);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = i - 4;
        }
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = 2 * i + 1;
        }
        org.ejml.data.FMatrixRMaj c = new org.ejml.data.FMatrixRMaj(3, 2);
        m.mult(a, b, c);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                float s = 0;
                for (int p = 0; p < 5; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                if (s != c.get(i, j)) {
                    return false;
                }
            }
        }
        return true;
    }
}
