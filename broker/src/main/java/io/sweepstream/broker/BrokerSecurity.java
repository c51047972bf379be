package io.sweepstream.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who may talk to the embedded broker: its client port speaks SASL with SCRAM-SHA-512 (the
 * {@code SASL_PLAINTEXT} protocol), or SASL over TLS ({@code SASL_SSL}) when {@link #tls} is given.
 *
 * <p>The broker authenticates to itself as {@link #adminUser} (created when the data directory is
 * formatted); the other {@link #users} are created or updated through it on every start, so a users
 * file is the truth after a restart. {@link #toString()} shows user names, never a password.
 *
 * @param adminUser     the broker's own user (inter-broker connections, creating the other users)
 * @param adminPassword its password
 * @param users         user name to password, for clients
 * @param tls           keystore and truststore for {@code SASL_SSL}; {@code null} for {@code SASL_PLAINTEXT}
 */
public record BrokerSecurity(String adminUser, String adminPassword, Map<String, String> users, Tls tls) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    // The format tool parses "[name=...,password=...]" and a JAAS line quotes the password: keep both unambiguous.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~!@#$%^&*()+:;/?|{}<>-]+");

    public BrokerSecurity {
        requireSafe("adminUser", adminUser);
        requireSafe("adminPassword", adminPassword);
        users = Map.copyOf(users);
        users.forEach((name, password) -> {
            requireSafe("user name", name);
            requireSafe("password of user " + name, password);
        });
        if (users.containsKey(adminUser)) {
            throw new IllegalArgumentException("user " + adminUser + " is the broker's admin user; give clients another name");
        }
    }

    /**
     * A PKCS12 keystore holding the broker's key and certificate, and a truststore holding the
     * certificate (or its CA) that clients and the broker itself trust.
     */
    public record Tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        public Tls {
            if (keystore == null || truststore == null) {
                throw new IllegalArgumentException("keystore and truststore must be given");
            }
            requireSafe("keystorePassword", keystorePassword);
            requireSafe("truststorePassword", truststorePassword);
        }

        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", truststore=" + truststore + "]";
        }
    }

    /** {@code SASL_SSL} with TLS, else {@code SASL_PLAINTEXT}. */
    public String protocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    /** The client properties a user needs: what goes into a {@code --kafka-config} file. */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol());
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        if (tls != null) {
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.truststore().toString());
            p.put("ssl.truststore.password", tls.truststorePassword());
        }
        return p;
    }

    /** The broker's settings for its client listener (named after the protocol) and inter-broker connections. */
    Map<String, String> serverProperties() {
        String listener = protocol().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name." + listener + "." + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaas(adminUser, adminPassword));
        p.put("super.users", "User:" + adminUser);
        if (tls != null) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tls.keystore().toString());
            p.put("ssl.keystore.password", tls.keystorePassword());
            p.put("ssl.key.password", tls.keystorePassword());
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.truststore().toString());
            p.put("ssl.truststore.password", tls.truststorePassword());
        }
        return p;
    }

    /** The format tool's argument that creates the admin user in the new cluster's first metadata. */
    String formatScramArgument() {
        return MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]";
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be non-empty and use only letters, digits and "
                    + "._~!@#$%^&*()+:;/?|{}<>- (no quotes, commas, brackets, '=' or spaces)");
        }
    }

    @Override
    public String toString() {
        return "BrokerSecurity[" + protocol() + " " + MECHANISM + ", admin " + adminUser + ", users "
                + new TreeMap<>(users).keySet() + (tls == null ? "" : ", " + tls) + "]";
    }
}
