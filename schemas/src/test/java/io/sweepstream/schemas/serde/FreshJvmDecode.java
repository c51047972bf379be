package io.sweepstream.schemas.serde;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunResult;
import java.nio.ByteBuffer;

/**
 * Run in a child JVM by {@link AvroClassTrustTest}: a process with no Avro system properties and
 * nothing decoded yet, like a freshly started trainer. Exit 0 means every expectation held;
 * anything else is printed for the test's failure message.
 */
public final class FreshJvmDecode {

    private FreshJvmDecode() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") != null
                || System.getProperty("org.apache.avro.SERIALIZABLE_CLASSES") != null) {
            fail("the child JVM must start without Avro trust properties");
        }
        RunResult sample = SampleEvents.fullRunResult();
        ByteBuffer encoded = sample.toByteBuffer(); // encoding never needs the trust

        // 1. the pitfall is real: without AvroClassTrust, Avro 1.12.2 refuses our class
        try {
            RunResult.fromByteBuffer(encoded.duplicate());
            fail("Avro decoded a generated class without it being trusted: if Avro dropped the"
                    + " check, AvroClassTrust may no longer be needed");
        } catch (SecurityException expected) {
            // "Forbidden io.sweepstream.schemas.avro.RunResult! This class is not trusted ..."
        }

        // 2. going through the serde (whose static initializer installs the trust) decodes
        AvroSerde<RunResult> serde = AvroSerde.of(RunResult.class);
        RunResult back = serde.deserialize("runs.results", serde.serialize("runs.results", sample));
        if (!sample.equals(back)) {
            fail("round trip changed the record: " + back);
        }
        System.exit(0);
    }

    private static void fail(String message) {
        System.out.println(message);
        System.exit(1);
    }
}
