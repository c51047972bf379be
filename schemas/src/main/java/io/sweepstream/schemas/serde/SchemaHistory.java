package io.sweepstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every published version of each record schema, read from the classpath.
 *
 * <p>Layout: {@code schema-history/<RecordName>/v1.avsc}, {@code v2.avsc}, ... numbered from 1
 * without gaps; the highest number is the current schema. Each file is self-contained (shared
 * types inlined, as {@code Schema.toString(true)} writes them), so it parses on its own and keeps
 * meaning exactly what was on the wire even after the shared {@code .avsc} files change.
 * These files ship in the jar: they are how a record written by an older producer still decodes.
 *
 * <p>Changing a schema: edit {@code src/main/avro}, then add the next {@code vN.avsc} with the
 * new schema; {@code SchemaHistoryTest} fails until you do, and the compatibility test checks the
 * new version against every earlier one.
 */
public final class SchemaHistory {

    /** Classpath folder holding one sub-folder per record name. */
    public static final String ROOT = "schema-history";

    private SchemaHistory() {}

    /**
     * The versions of one record schema, oldest (v1) first.
     *
     * @param recordName simple record name, e.g. {@code EpochMetric}
     * @throws IllegalStateException if there is no v1, or a file does not parse
     */
    public static List<Schema> versions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            String path = resource(recordName, n);
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                // a fresh parser per file: each version defines the same names again
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path, e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot parse schema history file " + path + ": " + e.getMessage(), e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("No schema history for " + recordName + ": expected classpath resource "
                    + resource(recordName, 1));
        }
        return List.copyOf(versions);
    }

    /** Classpath path of version {@code n} of a record schema. */
    public static String resource(String recordName, int n) {
        return ROOT + "/" + recordName + "/v" + n + ".avsc";
    }
}
