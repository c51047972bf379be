package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No credentials in the repository (and so none in the image built from it): the files git tracks
 * hold no private key, no key or trust store, no cloud access key, and no password, secret or token
 * with a value in configuration or documentation ({@code ...}, {@code <...>} and {@code ${...}}
 * placeholders are fine). Test passwords live in Java test code and the stores they protect are
 * generated at run time, so code (Java, JavaScript) is checked for keys only.
 */
class RepositorySecretsTest {

    // split so that this file does not match itself
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z]+ )*PRIVATE" + " KEY-----");
    private static final Pattern CLOUD_KEY = Pattern.compile("\\b(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[bp]-[A-Za-z0-9-]{20,})\\b");
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|secret|token|api[_-]?key)\\b\\s*[=:]\\s*[\"'`]?([^\\s\"'`,;}()]*)");
    private static final Pattern STORE = Pattern.compile("(?i).*\\.(jks|p12|pfx|pem|key|keystore|truststore)$");

    @Test
    void trackedFilesHoldNoCredential() throws Exception {
        Path root = Cli.repositoryRoot();
        List<String> files = trackedFiles(root);
        assertTrue(files.size() > 50, "git lists the repository's files: " + files.size());
        List<String> found = new ArrayList<>();
        for (String name : files) {
            if (STORE.matcher(name).matches()) {
                found.add(name + ": a key or trust store");
                continue;
            }
            Path file = root.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 2_000_000) {
                continue;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            if (PRIVATE_KEY.matcher(text).find()) {
                found.add(name + ": a private key");
            }
            Matcher cloud = CLOUD_KEY.matcher(text);
            if (cloud.find()) {
                found.add(name + ": an access key " + cloud.group(1).substring(0, 4) + "...");
            }
            if (!name.endsWith(".java") && !name.endsWith(".js")) { // code names its variables so; configuration and docs hold values
                Matcher m = ASSIGNED_SECRET.matcher(text);
                while (m.find()) {
                    if (!isPlaceholder(m.group(2))) {
                        found.add(name + ": " + m.group(1) + " set to a value");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        assertTrue(PRIVATE_KEY.matcher("-----BEGIN RSA PRIVATE" + " KEY-----").find());
        assertTrue(ASSIGNED_SECRET.matcher("ssl.truststore.password=hunter2").find());
        Matcher jaas = ASSIGNED_SECRET.matcher("username=\"sweep\" password=\"hunter2\";");
        assertTrue(jaas.find() && !isPlaceholder(jaas.group(2)));
        for (String placeholder : List.of("password=\"...\"", "password=<yours>", "token: ${SWEEP_DASHBOARD_TOKEN:-}", "password=")) {
            Matcher m = ASSIGNED_SECRET.matcher(placeholder);
            assertTrue(m.find() && isPlaceholder(m.group(2)), placeholder);
        }
    }

    /** Not a credential: empty, a word too short to be one (prose such as "token: set one"), or a placeholder. */
    private static boolean isPlaceholder(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.length() < 6 || v.startsWith("...") || v.startsWith("<") || v.startsWith("$") || v.startsWith("{")
                || v.startsWith("%") || v.startsWith("(");
    }

    private static List<String> trackedFiles(Path root) throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z").redirectErrorStream(false).start();
        } catch (IOException e) {
            Assumptions.abort("no git to list the tracked files: " + e.getMessage());
            return List.of();
        }
        byte[] out = git.getInputStream().readAllBytes();
        git.getErrorStream().readAllBytes();
        Assumptions.assumeTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, "not a git checkout: " + root);
        List<String> files = new ArrayList<>();
        for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!f.isEmpty()) {
                files.add(f);
            }
        }
        return files;
    }
}
