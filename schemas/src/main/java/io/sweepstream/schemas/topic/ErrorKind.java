package io.sweepstream.schemas.topic;

import io.sweepstream.schemas.serde.UndecodableRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * How a long-running role meets an error, sorted as in Kafka's own exactly-once example: a record
 * that cannot be read is set aside, a Kafka that is away is waited for, anything else stops the role.
 */
public enum ErrorKind {
    /** A record that will never decode: to {@code runs.dlq} with its reason, then go on. */
    POISON,
    /** The broker is down or slow, a leader moved, a topic is not there yet: wait, retry, say so once. */
    RETRIABLE,
    /** Authorization, authentication, an unsupported broker, a setup fault (Avro class trust), a bug: stop with one clear line. */
    FATAL;

    /** Which kind {@code e} is: what a role does about it. */
    public static ErrorKind of(Throwable e) {
        if (e instanceof UndecodableRecordException) {
            return POISON;
        }
        if (e instanceof RetriableException) {
            return RETRIABLE;
        }
        return FATAL;
    }

    /** The one line that says why a role stopped on {@code e}, with what to check. */
    public static String explain(Throwable e) {
        String what;
        if (e instanceof AuthorizationException) {
            what = "not authorized (check the ACLs of this client)";
        } else if (e instanceof AuthenticationException) {
            what = "cannot authenticate to Kafka (check the security settings)";
        } else if (e instanceof SecurityException) {
            what = "setup fault, Avro refused to load a class (see AvroClassTrust)";
        } else if (e instanceof UnsupportedVersionException) {
            what = "the broker does not support what this client needs (Kafka 4.x expected)";
        } else {
            what = "unexpected error";
        }
        return what + ": " + e;
    }
}
