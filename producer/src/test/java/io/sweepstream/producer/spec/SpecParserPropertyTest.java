package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.schemas.testing.Bounded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Bad specs, generated: random text and the examples mutated (keys dropped or renamed, values
 * swapped for other types, odd unicode, deep nesting, huge numbers, NaN, negatives), as YAML and as
 * flow-style (JSON-like) text. The parser either returns a spec the search can plan, or throws a
 * {@link SpecException} listing its problems; any other exception, or a parse that does not end,
 * fails. The YAML bombs are fixed examples.
 */
class SpecParserPropertyTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final List<String> EXAMPLE_TEXTS = readExamples();

    @Property(tries = 150)
    void randomTextIsASpecOrAListOfProblems(@ForAll("randomText") String text) {
        parsesOrExplains(text);
    }

    @Property(tries = 150)
    void anExampleWithMutatedTextIsASpecOrAListOfProblems(@ForAll("exampleText") String example, @ForAll long seed) {
        parsesOrExplains(mutateText(example, new Random(seed)));
    }

    @Property(tries = 150)
    void anExampleWithMutatedValuesIsASpecOrAListOfProblems(@ForAll("exampleText") String example, @ForAll long seed) {
        Random random = new Random(seed);
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(example);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            tree = mutateTree(tree, random, 0);
        }
        parsesOrExplains(dump(tree, random.nextBoolean()));
    }

    @Example
    void aBillionLaughsIsRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(String.join(",", java.util.Collections.nCopies(9, "*" + p))).append("]\n");
        }
        bomb.append("method: grid\nparameters:\n  epochs:\n    values: *j\n");
        SpecException e = assertThrows(SpecException.class, () -> parseGuarded(bomb.toString()));
        assertTrue(e.getMessage().contains("alias"), e.getMessage());
    }

    @Example
    void aDeeplyNestedDocumentIsRefused() {
        String deep = "method: grid\nparameters: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        SpecException e = assertThrows(SpecException.class, () -> parseGuarded(deep));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("nesting depth"), e.getMessage());
    }

    @Example
    void aHugeDocumentIsRefused() {
        String huge = "method: grid\ndescription: \"" + "x".repeat(5_000_000) + "\"\n";
        SpecException e = assertThrows(SpecException.class, () -> parseGuarded(huge));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Example
    void aListThatContainsItselfIsAProblemNotAStackOverflow() {
        parsesOrExplains("method: grid\nparameters:\n  optimizer:\n    values: &v [adam, *v]\n");
        parsesOrExplains("method: grid\nparameters: &p\n  optimizer: *p\n");
        parsesOrExplains("method: &m [*m]\nparameters: {}\n");
    }

    // ---- the property ----------------------------------------------------------------------

    private static void parsesOrExplains(String text) {
        SweepSpec spec;
        try {
            spec = parseGuarded(text);
        } catch (SpecException e) {
            assertFalse(e.problems().isEmpty());
            for (SpecProblem p : e.problems()) {
                assertFalse(p.path().isBlank(), e.getMessage());
                assertFalse(p.message().isBlank(), e.getMessage());
                assertFalse(p.toString().matches("(?s).*[\\n\\r\\u0085\\u2028\\u2029].*"), "one line per problem: " + p);
            }
            return;
        }
        // a spec that validates can be planned: the search proposes its first runs
        SearchStrategy strategy;
        try {
            strategy = SearchStrategy.create(spec.method());
        } catch (UnsupportedOperationException notBuiltYet) {
            return;
        }
        strategy.totalRuns(spec);
        strategy.next(spec, 0, SearchState.EMPTY, 3);
    }

    private static SweepSpec parseGuarded(String text) {
        return Bounded.call("parsing " + text.length() + " characters", () -> SpecParser.parse(text));
    }

    // ---- generators ------------------------------------------------------------------------

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]:,-&*!|>'\"#%@` \n\tabc019.eE+").ofMaxLength(300),
                Arbitraries.strings().ascii().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> exampleText() {
        return Arbitraries.of(EXAMPLE_TEXTS);
    }

    private static String mutateText(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                case 1 -> s.insert(at, randomString(random, 1 + random.nextInt(8)));
                case 2 -> s.setLength(at); // truncated file
                case 3 -> { // a line repeated: duplicate keys
                    int start = at == 0 ? 0 : s.lastIndexOf("\n", at - 1) + 1;
                    int end = s.indexOf("\n", start);
                    String line = s.substring(start, end < 0 ? s.length() : end);
                    s.insert(start, line + "\n");
                }
                case 4 -> s.setCharAt(at, (char) random.nextInt(0x3000)); // any char, controls included
                default -> s.insert(at, "\t");
            }
        }
        return s.toString();
    }

    /** Replaces one node of {@code node} (or drops, renames or adds a key) and returns the new tree. */
    @SuppressWarnings("unchecked")
    private static Object mutateTree(Object node, Random random, int depth) {
        boolean descend = random.nextInt(3) != 0;
        if (descend && node instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) map);
            List<Object> keys = new ArrayList<>(copy.keySet());
            Object key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(5)) {
                case 0 -> copy.remove(key);
                case 1 -> copy.put(oddValue(random), copy.remove(key)); // a key of another type or name
                case 2 -> copy.put(randomString(random, 6), oddValue(random));
                default -> copy.put(key, mutateTree(copy.get(key), random, depth + 1));
            }
            return copy;
        }
        if (descend && node instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            int i = random.nextInt(copy.size());
            if (random.nextInt(4) == 0) {
                copy.remove(i);
            } else {
                copy.set(i, mutateTree(copy.get(i), random, depth + 1));
            }
            return copy;
        }
        return oddValue(random);
    }

    private static Object oddValue(Random random) {
        return switch (random.nextInt(22)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> randomString(random, 1 + random.nextInt(30));
            case 3 -> Double.NaN;
            case 4 -> Double.POSITIVE_INFINITY;
            case 5 -> Double.NEGATIVE_INFINITY;
            case 6 -> -random.nextDouble() * 10;
            case 7 -> -1 - random.nextInt(1000);
            case 8 -> 0;
            case 9 -> Long.MAX_VALUE;
            case 10 -> Long.MIN_VALUE;
            case 11 -> BigInteger.TEN.pow(30 + random.nextInt(400));
            case 12 -> 1e308 * (random.nextBoolean() ? 1 : -1);
            case 13 -> Double.MIN_VALUE;
            case 14 -> random.nextBoolean();
            case 15 -> List.of();
            case 16 -> Map.of();
            case 17 -> nested(random.nextInt(45));
            case 18 -> Stream.generate(() -> random.nextInt(5)).limit(2_000).collect(Collectors.toList());
            case 19 -> "2001-12-14t21:59:43.10-05:00"; // a YAML timestamp: SnakeYAML builds a Date
            case 20 -> Integer.MAX_VALUE;
            default -> java.util.Arrays.asList(oddValue(random), oddValue(random));
        };
    }

    private static Object nested(int depth) {
        Object node = "deep";
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? List.of(node) : Map.of("k", node);
        }
        return node;
    }

    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(5);
            int cp = switch (pick) {
                case 0 -> 0x20 + random.nextInt(0x5F);          // ASCII
                case 1 -> random.nextInt(0x20);                   // control characters
                case 2 -> 0x1F600 + random.nextInt(0x50);         // emoji (surrogate pairs)
                case 3 -> 0x0590 + random.nextInt(0x100);         // right-to-left scripts
                default -> random.nextInt(0x10FFFF);               // anything, lone surrogates included
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static String dump(Object tree, boolean flow) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        options.setMaxSimpleKeyLength(1024);
        try {
            return new Yaml(new Representer(options), options).dump(tree);
        } catch (RuntimeException e) {
            // SnakeYAML cannot write some generated strings (lone surrogates): write them as text
            return String.valueOf(tree);
        }
    }

    private static List<String> readExamples() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<String> texts = new ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList())) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            if (texts.isEmpty()) {
                throw new IllegalStateException("no examples in " + EXAMPLES.toAbsolutePath());
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
