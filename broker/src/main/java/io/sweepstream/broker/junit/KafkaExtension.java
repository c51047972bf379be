package io.sweepstream.broker.junit;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.broker.KafkaBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Kafka per test class and hands it to tests as a {@link KafkaBackend} parameter
 * (constructor, {@code @BeforeAll}, or test method). Stopped after the class.
 *
 * <p>The backend comes from the system property {@code sweep.test.kafka}: {@code embedded}
 * (default, an in-process KRaft broker) or {@code testcontainers} (Kafka in Docker; the class is
 * skipped with a message when no Docker engine answers).
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    public static final String BACKEND_PROPERTY = "sweep.test.kafka";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        backend(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBackend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return backend(context);
    }

    // beforeAll stores the backend at class level; method-level stores see their parent's values.
    private static KafkaBackend backend(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("backend", key -> new ClosingResource(startBackend(context.getRequiredTestClass().getSimpleName())),
                        ClosingResource.class)
                .backend();
    }

    static KafkaBackend startBackend(String testClass) {
        String kind = System.getProperty(BACKEND_PROPERTY, "embedded");
        switch (kind) {
            case "embedded":
                return EmbeddedBroker.start(BrokerSettings.temporary());
            case "testcontainers":
                if (!ContainerKafka.dockerAvailable()) {
                    String reason = "skipped: -D" + BACKEND_PROPERTY + "=testcontainers asks for Docker, and no Docker engine answers here";
                    // Surefire reports a class skipped before its first test as 0 tests: say why where people look.
                    System.err.println(testClass + " " + reason);
                    Assumptions.abort(reason);
                }
                return ContainerKafka.start();
            default:
                throw new IllegalArgumentException("-D" + BACKEND_PROPERTY + " must be embedded or testcontainers, found " + kind);
        }
    }

    /** Lets JUnit close the backend when the class's store is closed. */
    record ClosingResource(KafkaBackend backend) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }
}
