package io.sweepstream.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the directory holding a dataset's four IDX files (each plain or {@code .gz}). Resolution order:
 * <ol>
 *   <li>the explicit {@code --data-dir}, if given: it must hold the files, or this fails at once
 *       naming what is missing (a typo in a flag should not silently train on other data);</li>
 *   <li>the {@code SWEEP_DATA_DIR} environment variable;</li>
 *   <li>the per-user cache {@code $XDG_CACHE_HOME/sweepstream/<name>}, else {@code ~/.cache/sweepstream/<name>};</li>
 *   <li>system directories: Debian's {@code /usr/share/datasets/fashion-mnist} for fashion_mnist;</li>
 *   <li>a download of the gzipped files into the cache, each verified against its SHA-256 before it
 *       is moved into place. Each file is tried from the dataset's mirrors in turn; the bytes of a
 *       failed attempt stay in {@code <file>.gz.part} and the next attempt (the next mirror, or the
 *       next run) resumes them, since the mirrors serve identical files. Bytes that fail the digest are
 *       discarded.</li>
 * </ol>
 * For the flag and the variable, a directory counts if it holds the files itself or in a
 * {@code <name>} subdirectory ({@code $SWEEP_DATA_DIR/mnist}), so one variable can serve both datasets.
 * If nothing works, one {@link DatasetException} lists every place looked at and how to get the files.
 *
 * <p>Environment, home, system directories, downloader, mirrors and digests are injected so tests touch
 * neither the network nor the real home directory; {@link #standard} wires the real ones.
 */
public final class DatasetLocator {

    public static final String ENV_DATA_DIR = "SWEEP_DATA_DIR";
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fetches one URL into a file. The locator verifies the digest, so implementations need not. */
    @FunctionalInterface
    public interface Downloader {
        /**
         * Fetches {@code source} into {@code target}, reporting progress to {@code listener}. When
         * {@code target} already holds the first bytes, fetches only the rest if it can; bytes that
         * arrived before a failure are left in {@code target}.
         */
        void download(URI source, Path target, DownloadListener listener) throws IOException;
    }

    /** The expected lower-case hex SHA-256 of a downloaded {@code .gz} file; {@link DatasetKind#sha256} in production. */
    @FunctionalInterface
    public interface ExpectedDigests {
        String sha256(DatasetKind kind, DatasetFile file);
    }

    private final Path explicitDir;
    private final Map<String, String> env;
    private final Path home;
    private final Map<DatasetKind, List<Path>> systemDirs;
    private final Downloader downloader;
    private final ExpectedDigests digests;
    private final Function<DatasetKind, List<URI>> mirrors;
    private final DownloadListener listener;

    /**
     * @param explicitDir the {@code --data-dir} flag, or null when not given
     * @param env         environment variables ({@code SWEEP_DATA_DIR}, {@code XDG_CACHE_HOME})
     * @param home        the user's home directory, for {@code ~/.cache}
     * @param systemDirs  read-only directories to try per dataset, after the cache
     * @param downloader  fetches files from the mirror into the cache
     * @param digests     expected SHA-256 of each downloaded file
     */
    public DatasetLocator(Path explicitDir, Map<String, String> env, Path home, Map<DatasetKind, List<Path>> systemDirs,
                          Downloader downloader, ExpectedDigests digests) {
        this(explicitDir, env, home, systemDirs, downloader, digests, DatasetKind::mirrors, DownloadListener.NONE);
    }

    private DatasetLocator(Path explicitDir, Map<String, String> env, Path home, Map<DatasetKind, List<Path>> systemDirs,
                           Downloader downloader, ExpectedDigests digests, Function<DatasetKind, List<URI>> mirrors,
                           DownloadListener listener) {
        this.explicitDir = explicitDir;
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
        this.systemDirs = Map.copyOf(Objects.requireNonNull(systemDirs, "systemDirs"));
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.digests = Objects.requireNonNull(digests, "digests");
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The real environment, home, Debian directory, HTTP downloader, mirrors and published digests; downloads report nothing. */
    public static DatasetLocator standard(Path explicitDir) {
        return new DatasetLocator(explicitDir, System.getenv(), Path.of(System.getProperty("user.home")),
                Map.of(DatasetKind.FASHION_MNIST, List.of(DEBIAN_FASHION_MNIST)),
                new HttpDownloader(), DatasetKind::sha256);
    }

    /** This locator, downloading from {@code mirrors} (base URLs, tried in order) instead of the dataset's own. */
    public DatasetLocator withMirrors(Function<DatasetKind, List<URI>> mirrors) {
        return new DatasetLocator(explicitDir, env, home, systemDirs, downloader, digests, mirrors, listener);
    }

    /** This locator, reporting downloads to {@code listener}. */
    public DatasetLocator withListener(DownloadListener listener) {
        return new DatasetLocator(explicitDir, env, home, systemDirs, downloader, digests, mirrors, listener);
    }

    /** The per-user cache directory of a dataset; downloads go here. */
    public Path cacheDir(DatasetKind kind) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says to ignore a relative XDG_CACHE_HOME.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("sweepstream").resolve(kind.id());
    }

    /** Finds (or downloads) the dataset's files; throws {@link DatasetException} saying where it looked. */
    public DatasetFiles locate(DatasetKind kind) {
        List<String> looked = new ArrayList<>();

        if (explicitDir != null) {
            DatasetFiles found = findInDirOrNamedSubdir(kind, explicitDir, DatasetFiles.Source.DATA_DIR_FLAG);
            if (found != null) {
                return found;
            }
            throw new DatasetException("--data-dir " + explicitDir + " does not hold the " + kind.id() + " files: "
                    + describeMissing(kind, explicitDir) + "; nor does " + explicitDir.resolve(kind.id())
                    + ". Expected " + expectedNames() + ", each plain or .gz. Without --data-dir they are looked for in $"
                    + ENV_DATA_DIR + ", the user cache" + (kind == DatasetKind.FASHION_MNIST ? " and Debian's package (apt-get install dataset-fashion-mnist)" : "")
                    + ", else downloaded once (" + megabytes(kind.downloadBytes()) + ").");
        }
        looked.add("--data-dir: not given");

        String envDir = env.get(ENV_DATA_DIR);
        if (envDir != null && !envDir.isBlank()) {
            Path dir = Path.of(envDir);
            DatasetFiles found = findInDirOrNamedSubdir(kind, dir, DatasetFiles.Source.ENV_VARIABLE);
            if (found != null) {
                return found;
            }
            looked.add(ENV_DATA_DIR + "=" + dir + ": " + describeMissing(kind, dir) + " (also tried " + dir.resolve(kind.id()) + ")");
        } else {
            looked.add(ENV_DATA_DIR + ": not set");
        }

        Path cache = cacheDir(kind);
        DatasetFiles cached = findIn(kind, cache, DatasetFiles.Source.USER_CACHE);
        if (cached != null) {
            return cached;
        }
        looked.add("user cache " + cache + ": " + describeMissing(kind, cache));

        for (Path dir : systemDirs.getOrDefault(kind, List.of())) {
            DatasetFiles found = findIn(kind, dir, DatasetFiles.Source.SYSTEM_DIR);
            if (found != null) {
                return found;
            }
            looked.add("system directory " + dir + ": " + describeMissing(kind, dir));
        }

        String download = "download (" + megabytes(kind.downloadBytes()) + ") from " + firstMirror(kind) + " into " + cache;
        try {
            download(kind, cache);
            DatasetFiles downloaded = findIn(kind, cache, DatasetFiles.Source.DOWNLOAD);
            if (downloaded != null) {
                return downloaded;
            }
            looked.add(download + ": files still missing after download");
        } catch (IOException | DatasetException e) {
            looked.add(download + ": failed:\n" + Objects.toString(e.getMessage(), e.toString()).indent(7).stripTrailing());
        }
        throw new DatasetException(notFoundMessage(kind, looked, cache));
    }

    private DatasetFiles findInDirOrNamedSubdir(DatasetKind kind, Path dir, DatasetFiles.Source source) {
        DatasetFiles found = findIn(kind, dir, source);
        return found != null ? found : findIn(kind, dir.resolve(kind.id()), source);
    }

    /** The dataset's files in {@code dir}, or null if any is missing. A plain file wins over its .gz: no decompression. */
    private static DatasetFiles findIn(DatasetKind kind, Path dir, DatasetFiles.Source source) {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            Path file = existing(dir, f);
            if (file == null) {
                return null;
            }
            files.put(f, file);
        }
        return new DatasetFiles(kind, dir, source, files);
    }

    private static Path existing(Path dir, DatasetFile f) {
        for (String name : List.of(f.fileName(), f.gzFileName())) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return file;
            }
        }
        return null;
    }

    private static String describeMissing(DatasetKind kind, Path dir) {
        if (!Files.isDirectory(dir)) {
            return "does not exist";
        }
        List<String> missing = new ArrayList<>();
        for (DatasetFile f : DatasetFile.values()) {
            if (existing(dir, f) == null) {
                missing.add(f.fileName() + "[.gz]");
            }
        }
        return "missing " + String.join(", ", missing);
    }

    private static String expectedNames() {
        List<String> names = new ArrayList<>();
        for (DatasetFile f : DatasetFile.values()) {
            names.add(f.fileName());
        }
        return String.join(", ", names);
    }

    /** Serialises downloads in this JVM; the file lock in {@link #download} does so across processes. */
    private static final Object DOWNLOADS = new Object();

    /**
     * Downloads each missing .gz into {@code cache} through {@code <name>.gz.part}: verify SHA-256, then an
     * atomic rename. One download per cache directory at a time: several trainers started together on one
     * machine wait for the first, then find the files.
     */
    private void download(DatasetKind kind, Path cache) throws IOException {
        Files.createDirectories(cache);
        synchronized (DOWNLOADS) {
            try (FileChannel lockFile = FileChannel.open(cache.resolve(".download.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                List<DatasetFile> missing = new ArrayList<>();
                for (DatasetFile f : DatasetFile.values()) {
                    if (existing(cache, f) == null) {
                        missing.add(f); // the others were verified by an earlier download
                    }
                }
                if (!missing.isEmpty()) {
                    listener.on(new DownloadEvent.DatasetStarted(kind, cache, missing.stream().mapToLong(kind::downloadBytes).sum()));
                }
                for (DatasetFile f : missing) {
                    fetch(kind, f, cache);
                }
            }
        }
    }

    /** Tries each mirror in turn until one delivers the file with the expected digest; throws listing every failure. */
    private void fetch(DatasetKind kind, DatasetFile file, Path cache) throws IOException {
        Path part = cache.resolve(file.gzFileName() + ".part");
        String expected = digests.sha256(kind, file);
        List<URI> bases = mirrors.apply(kind);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            URI source = bases.get(i).resolve(file.gzFileName());
            URI next = i + 1 < bases.size() ? bases.get(i + 1).resolve(file.gzFileName()) : null;
            String failure;
            try {
                downloader.download(source, part, listener);
                String actual = Files.isRegularFile(part) ? sha256Hex(part) : "nothing (no file written)";
                if (actual.equalsIgnoreCase(expected)) {
                    Path target = cache.resolve(file.gzFileName());
                    long bytes = Files.size(part);
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    listener.on(new DownloadEvent.FileVerified(source, target, bytes));
                    return;
                }
                failure = "SHA-256 mismatch, expected " + expected + ", found " + actual
                        + " (" + (Files.isRegularFile(part) ? Files.size(part) : 0) + " bytes, discarded)";
                // Wrong bytes, resumed or not: the next mirror starts from nothing.
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // The bytes that came stay in the .part: the next mirror serves the same file and resumes them.
                failure = e.getClass() == IOException.class ? e.getMessage() : e.toString(); // keep ConnectException etc.
                deleteIfEmpty(part);
            }
            failures.add(source + ": " + failure);
            listener.on(new DownloadEvent.MirrorFailed(source, failure, next));
        }
        throw new IOException(String.join("\n", failures));
    }

    private URI firstMirror(DatasetKind kind) {
        List<URI> bases = mirrors.apply(kind);
        if (bases.isEmpty()) {
            throw new IllegalStateException("no download mirror for " + kind);
        }
        return bases.get(0);
    }

    private static void deleteIfEmpty(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == 0) {
            Files.delete(file);
        }
    }

    /** A size for people: {@code 30.9 MB}. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String notFoundMessage(DatasetKind kind, List<String> looked, Path cache) {
        StringBuilder m = new StringBuilder();
        m.append("Cannot find the ").append(kind.id()).append(" dataset (").append(expectedNames())
                .append(", each plain or .gz), and could not download it. Looked at:\n");
        for (int i = 0; i < looked.size(); i++) {
            m.append("  ").append(i + 1).append(". ").append(looked.get(i)).append('\n');
        }
        m.append("To get the files, do one of:\n");
        if (kind == DatasetKind.FASHION_MNIST) {
            m.append("  - sudo apt-get install dataset-fashion-mnist   (installs ").append(DEBIAN_FASHION_MNIST).append(")\n");
        }
        m.append("  - run this again where ").append(firstMirror(kind).getHost())
                .append(" is reachable: the files (").append(megabytes(kind.downloadBytes()))
                .append(") are downloaded once into ").append(cache).append(", a partial download resumes\n");
        m.append("  - download these yourself into a directory DIR, then pass --data-dir DIR or set ").append(ENV_DATA_DIR).append("=DIR:\n");
        for (DatasetFile f : DatasetFile.values()) {
            m.append("      ").append(firstMirror(kind).resolve(f.gzFileName())).append('\n');
        }
        return m.toString().stripTrailing();
    }
}
