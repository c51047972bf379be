package io.sweepstream.cli;

import java.nio.file.Path;

import io.sweepstream.trainer.data.DatasetFiles;
import io.sweepstream.trainer.data.DatasetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep dataset}: finds or downloads a dataset once, before trainers start, so that trainers
 * sharing a volume do not all download it at the same time.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Finds a dataset (downloading it once into the user cache if need be, with its SHA-256 checked) and prints where it is.")
final class DatasetCommand implements Runnable {

    @Parameters(index = "0", defaultValue = "fashion_mnist", paramLabel = "NAME",
            description = "fashion_mnist or mnist. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--data-dir", description = "Directory with the IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's package, a download).")
    Path dataDir;

    @Override
    public void run() {
        DatasetFiles files = DatasetPreflight.require(DatasetKind.parse(name), dataDir);
        System.out.println(files.kind().id() + " in " + files.directory());
    }
}
