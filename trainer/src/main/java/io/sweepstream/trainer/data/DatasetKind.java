package io.sweepstream.trainer.data;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The datasets Sweepstream knows: their class names, download mirrors, and the SHA-256 and size of
 * each gzipped file the mirrors serve.
 *
 * <p>Where the digests come from. MNIST: the well-known SHA-256 of the original LeCun files, which the
 * ossci-datasets mirror serves unchanged (the same digests are pinned by torchvision and many other
 * loaders). Fashion-MNIST: the SHA-256 of the original gzipped files, as pinned by torchvision's
 * dataset prototypes and other independent loaders, all agreeing. They could not be recomputed here:
 * the Debian package {@code dataset-fashion-mnist} (0.0~git20200523) ships recompressed files whose
 * MD5 does not match the dataset authors' published MD5 of the originals
 * (train-images 8d4fb7e6c68d591d4c3dfef9ec88bf0d, train-labels 25c81989df183df01b3e8a0aad5dffbe,
 * t10k-images bef4ecab320f06d8554ea6380940ec79, t10k-labels bb300cfdad3c16e7a12a480ee83cd310); each
 * Debian file is 23 or 24 bytes shorter, the length of the original file name stored in the gzip header.
 * Debian's files are therefore used as found and never checked against these digests, which only
 * verify downloads.
 *
 * <p>Why these second mirrors. A mirror is only useful if it serves the very same bytes, so that the
 * pinned digests hold and a {@code .part} file begun on one mirror can be finished from another.
 * Fashion-MNIST: the dataset authors' GitHub repository at a fixed commit (immutable; its
 * {@code data/fashion} files were last changed in 2017, the same files as on S3): its two label files
 * hash to the digests below (checked from a clone) and independent loaders pin its image files with
 * the same digests. MNIST: Google's CVDF bucket, which loaders pin with the same digests as ossci's.
 * Every download is verified anyway: a mirror that serves other bytes is discarded for the next one.
 */
public enum DatasetKind {
    FASHION_MNIST("fashion_mnist",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/b2617bb6d3ffa2e429640350f613e3291e10b141/data/fashion/")),
            new PinnedFile("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26_421_880),
            new PinnedFile("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29_515),
            new PinnedFile("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4_422_102),
            new PinnedFile("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5_148)),
    MNIST("mnist",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            new PinnedFile("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9_912_422),
            new PinnedFile("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28_881),
            new PinnedFile("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1_648_877),
            new PinnedFile("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4_542));

    /** What a mirror serves for one file: its lower-case hex SHA-256 and its size in bytes. */
    private record PinnedFile(String sha256, long bytes) {
    }

    private final String id;
    private final List<String> classNames;
    private final List<URI> mirrors;
    private final Map<DatasetFile, PinnedFile> pinned;

    DatasetKind(String id, List<String> classNames, List<URI> mirrors,
                PinnedFile trainImages, PinnedFile trainLabels, PinnedFile testImages, PinnedFile testLabels) {
        this.id = id;
        this.classNames = classNames;
        this.mirrors = mirrors;
        Map<DatasetFile, PinnedFile> files = new EnumMap<>(DatasetFile.class);
        files.put(DatasetFile.TRAIN_IMAGES, trainImages);
        files.put(DatasetFile.TRAIN_LABELS, trainLabels);
        files.put(DatasetFile.TEST_IMAGES, testImages);
        files.put(DatasetFile.TEST_LABELS, testLabels);
        this.pinned = files;
    }

    /** The canonical name, used in configs, cache directories and dataset names: {@code fashion_mnist}, {@code mnist}. */
    public String id() {
        return id;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Base URLs the gzipped files are downloaded from, in the order they are tried: the canonical one first. */
    public List<URI> mirrors() {
        return mirrors;
    }

    /** The canonical mirror. */
    public URI mirror() {
        return mirrors.get(0);
    }

    /** The file's URL on the canonical mirror. */
    public URI downloadUri(DatasetFile file) {
        return mirror().resolve(file.gzFileName());
    }

    /** Lower-case hex SHA-256 of the gzipped file the mirrors serve. */
    public String sha256(DatasetFile file) {
        return pinned.get(file).sha256();
    }

    /** Size in bytes of the gzipped file the mirrors serve. */
    public long downloadBytes(DatasetFile file) {
        return pinned.get(file).bytes();
    }

    /** Size in bytes of all four gzipped files: what a first download fetches. */
    public long downloadBytes() {
        return pinned.values().stream().mapToLong(PinnedFile::bytes).sum();
    }

    /**
     * Parses a dataset name case-insensitively; {@code -} and {@code _} are interchangeable, so
     * {@code fashion_mnist}, {@code fashion-mnist} and {@code Fashion-MNIST} all name {@link #FASHION_MNIST}.
     */
    public static DatasetKind parse(String name) {
        if (name != null) {
            String normalised = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (DatasetKind kind : values()) {
                if (kind.id.equals(normalised)) {
                    return kind;
                }
            }
        }
        String allowed = Arrays.stream(values()).map(DatasetKind::id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown dataset '" + name + "'; allowed: " + allowed + " (fashion-mnist also accepted)");
    }

    @Override
    public String toString() {
        return id;
    }
}
