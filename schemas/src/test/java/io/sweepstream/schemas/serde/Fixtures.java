package io.sweepstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Test-only schemas under src/test/resources/fixtures (never part of the real history). */
final class Fixtures {

    private Fixtures() {}

    static Schema schema(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
