package io.sweepstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroClassTrustTest {

    @Test
    void decodesGeneratedClassesInAFreshJvmWithoutSystemProperties() throws Exception {
        // The test JVM may already have decoded (and trusted) everything, so the proof runs in a
        // child JVM with the same classpath and no -Dorg.apache.avro.* flags.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FreshJvmDecode.class.getName())
                .redirectErrorStream(true)
                .start();
        boolean exited = child.waitFor(60, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            child.destroyForcibly();
        }

        assertTrue(exited, "child JVM did not finish: " + output);
        assertEquals(0, child.exitValue(), output);
    }

    @Test
    void trustsTheGeneratedRecordsAndEnums() {
        AvroClassTrust.install();

        assertDoesNotThrow(() -> ClassSecurityValidator.validate(RunResult.class));
        assertDoesNotThrow(() -> ClassSecurityValidator.validate(RunStatus.class));
        assertEquals(SampleEvents.fullRunResult(), AvroSerde.of(RunResult.class)
                .deserialize("runs.results", AvroSerde.of(RunResult.class).serialize("runs.results",
                        SampleEvents.fullRunResult())));
    }

    @Test
    void keepsRefusingEveryOtherClass() {
        AvroClassTrust.install();

        // our own non-generated classes, a sibling package, and a JDK class Avro never trusted
        for (Class<?> type : List.of(AvroSerde.class, SampleEvents.class, java.util.ArrayList.class)) {
            assertThrows(SecurityException.class, () -> ClassSecurityValidator.validate(type), type.getName());
        }
        assertFalse(AvroClassTrust.isGenerated(AvroSerde.class));
    }

    @Test
    void installingTwiceChangesNothing() {
        AvroClassTrust.install();
        var before = ClassSecurityValidator.getGlobal();

        AvroClassTrust.install();

        assertEquals(before, ClassSecurityValidator.getGlobal());
    }
}
