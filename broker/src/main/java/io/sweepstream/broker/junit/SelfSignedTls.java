package io.sweepstream.broker.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.BrokerSecurity;

/**
 * A throwaway TLS identity for tests: a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1} in a PKCS12 keystore, and a truststore holding that certificate, made with the
 * JDK's {@code keytool} in the given directory (no network, nothing kept in the repository).
 */
public final class SelfSignedTls {

    private SelfSignedTls() {
    }

    /** Writes {@code broker.p12} and {@code truststore.p12} into {@code dir}, both protected by {@code password}. */
    public static BrokerSecurity.Tls generate(Path dir, String password) {
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
                "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new BrokerSecurity.Tls(keystore, password, truststore, password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
