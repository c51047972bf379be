package io.sweepstream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate our generated classes, and nothing else it did not already trust.
 *
 * <p>The pitfall: since Avro 1.12.2 every class that Avro resolves by name from a schema (the
 * generated record and enum classes, when a decoder builds a {@code SpecificRecord}) goes through
 * {@link ClassSecurityValidator}. Out of the box it trusts only a few {@code java.lang}/
 * {@code java.math} classes plus whatever the JVM was started with in
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}/{@code SERIALIZABLE_CLASSES}. Encoding works
 * (the writer never looks a class up by name), so the failure only shows on the consumer side, as
 * a {@code SecurityException: Forbidden io.sweepstream.schemas.avro.X} on the first decode.
 *
 * <p>We do not rely on the system property (every JVM, test fork and IDE run would need the flag)
 * and we do not switch the check off. We compose the current global predicate with one that
 * accepts exactly the generated types of one package, {@code io.sweepstream.schemas.avro}: no
 * sub-packages, no prefix match, only {@link SpecificRecord} implementations and enums.
 * Whatever the process trusted before stays trusted.
 *
 * <p>{@link AvroSerde} calls {@link #install()} from its static initializer, so every decode
 * through a serde is covered. Code decoding without a serde (e.g. {@code X.fromByteBuffer})
 * should call {@link #install()} once first. A later {@link ClassSecurityValidator#setGlobal}
 * by someone else replaces the global predicate and would undo this.
 */
public final class AvroClassTrust {

    /** The one package whose classes we add to Avro's trusted set. */
    public static final String TRUSTED_PACKAGE = "io.sweepstream.schemas.avro";

    private static boolean installed;

    private AvroClassTrust() {}

    /** Adds our generated classes to Avro's global trusted set; idempotent and thread-safe. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), AvroClassTrust::isGenerated));
        installed = true;
    }

    /** The predicate we add: a generated record or enum of exactly {@link #TRUSTED_PACKAGE}. */
    static boolean isGenerated(Class<?> type) {
        return TRUSTED_PACKAGE.equals(type.getPackageName())
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
    }

}
