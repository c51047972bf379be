package io.sweepstream.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the directory holding a dataset's four IDX files (each plain or {@code .gz}). Resolution order:
 * <ol>
 *   <li>the explicit {@code --data-dir}, if given: it must hold the files, or this fails at once
 *       naming what is missing (a typo in a flag should not silently train on other data);</li>
 *   <li>the {@code SWEEP_DATA_DIR} environment variable;</li>
 *   <li>the per-user cache {@code $XDG_CACHE_HOME/sweepstream/<name>}, else {@code ~/.cache/sweepstream/<name>};</li>
 *   <li>system directories: Debian's {@code /usr/share/datasets/fashion-mnist} for fashion_mnist;</li>
 *   <li>a download of the gzipped files from the dataset's mirror into the cache, each verified
 *       against its SHA-256 before it is moved into place.</li>
 * </ol>
 * For the flag and the variable, a directory counts if it holds the files itself or in a
 * {@code <name>} subdirectory ({@code $SWEEP_DATA_DIR/mnist}), so one variable can serve both datasets.
 * If nothing works, one {@link DatasetException} lists every place looked at and how to get the files.
 *
 * <p>Environment, home, system directories, downloader and digests are injected so tests touch
 * neither the network nor the real home directory; {@link #standard} wires the real ones.
 */
public final class DatasetLocator {

    public static final String ENV_DATA_DIR = "SWEEP_DATA_DIR";
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fetches one URL into a file. The locator verifies the digest, so implementations need not. */
    @FunctionalInterface
    public interface Downloader {
        void download(URI source, Path target) throws IOException;
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
        this.explicitDir = explicitDir;
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
        this.systemDirs = Map.copyOf(Objects.requireNonNull(systemDirs, "systemDirs"));
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.digests = Objects.requireNonNull(digests, "digests");
    }

    /** The real environment, home, Debian directory, HTTP downloader and published digests. */
    public static DatasetLocator standard(Path explicitDir) {
        return new DatasetLocator(explicitDir, System.getenv(), Path.of(System.getProperty("user.home")),
                Map.of(DatasetKind.FASHION_MNIST, List.of(DEBIAN_FASHION_MNIST)),
                new HttpDownloader(), DatasetKind::sha256);
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
                    + ". Expected " + expectedNames() + ", each plain or .gz.");
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

        try {
            download(kind, cache);
            DatasetFiles downloaded = findIn(kind, cache, DatasetFiles.Source.DOWNLOAD);
            if (downloaded != null) {
                return downloaded;
            }
            looked.add("download from " + kind.mirror() + " into " + cache + ": files still missing after download");
        } catch (IOException | DatasetException e) {
            looked.add("download from " + kind.mirror() + " into " + cache + ": failed: " + e.getMessage());
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

    /** Downloads each missing .gz into {@code cache}: temp file, verify SHA-256, then atomic rename. */
    private void download(DatasetKind kind, Path cache) throws IOException {
        Files.createDirectories(cache);
        for (DatasetFile f : DatasetFile.values()) {
            if (existing(cache, f) != null) {
                continue; // verified by an earlier, interrupted download
            }
            URI source = kind.downloadUri(f);
            // The temp file lives in the cache directory so the final move is a rename on one file system.
            Path temp = Files.createTempFile(cache, f.gzFileName() + ".", ".part");
            try {
                downloader.download(source, temp);
                String expected = digests.sha256(kind, f);
                String actual = sha256Hex(temp);
                if (!actual.equalsIgnoreCase(expected)) {
                    throw new DatasetException(source + ": SHA-256 mismatch, expected " + expected + ", found " + actual
                            + " (" + Files.size(temp) + " bytes, discarded)");
                }
                Files.move(temp, cache.resolve(f.gzFileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException(source + ": " + e, e);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
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

    private static String notFoundMessage(DatasetKind kind, List<String> looked, Path cache) {
        StringBuilder m = new StringBuilder();
        m.append("Cannot find the ").append(kind.id()).append(" dataset (").append(expectedNames())
                .append(", each plain or .gz). Looked at:\n");
        for (int i = 0; i < looked.size(); i++) {
            m.append("  ").append(i + 1).append(". ").append(looked.get(i)).append('\n');
        }
        m.append("To get the files, do one of:\n");
        if (kind == DatasetKind.FASHION_MNIST) {
            m.append("  - sudo apt-get install dataset-fashion-mnist   (installs ").append(DEBIAN_FASHION_MNIST).append(")\n");
        }
        m.append("  - download these into ").append(cache).append(":\n");
        for (DatasetFile f : DatasetFile.values()) {
            m.append("      ").append(kind.downloadUri(f)).append('\n');
        }
        m.append("  - put the files in any directory and pass --data-dir DIR, or set ").append(ENV_DATA_DIR).append("=DIR");
        return m.toString();
    }
}
