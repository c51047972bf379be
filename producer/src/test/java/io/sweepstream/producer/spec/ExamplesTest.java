package io.sweepstream.producer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweepstream.producer.search.IndexedSearch;
import io.sweepstream.producer.search.SearchStrategy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The specs under the repository's {@code examples/} folder validate, and their comments tell the truth. */
class ExamplesTest {
    // Surefire runs in the module directory; the examples live at the repository root.
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void quickIsAGridOfFourRunsThatNeedsNoController() throws IOException {
        SweepSpec spec = SpecParser.parse(EXAMPLES.resolve("quick.yaml"));

        assertEquals(OptionalInt.of(4), SearchStrategy.create(spec.method()).totalRuns(spec));
        assertEquals(Optional.empty(), spec.parallelism(), "every run queued at once: no controller to start");
        IndexedSearch grid = (IndexedSearch) SearchStrategy.create(spec.method());
        assertEquals("adam", grid.configAt(spec, 1).getString("optimizer"));
        assertEquals("tanh", grid.configAt(spec, 1).getString("activation"));
        assertEquals("sgd", grid.configAt(spec, 2).getString("optimizer"));
        assertEquals("relu", grid.configAt(spec, 2).getString("activation"));
    }

    @Test
    void theFashionMnistGridHasTheRunCountItsCommentStates() throws IOException {
        SweepSpec spec = SpecParser.parse(EXAMPLES.resolve("fashion-mnist-grid.yaml"));

        assertEquals(OptionalInt.of(11664), SearchStrategy.create(spec.method()).totalRuns(spec));
        assertEquals(true, spec.text().contains("= 11664 runs"));
    }

    @Test
    void theFashionMnistRandomSearchHasThirtyRuns() throws IOException {
        SweepSpec spec = SpecParser.parse(EXAMPLES.resolve("fashion-mnist-random.yaml"));

        assertEquals(SearchMethod.RANDOM, spec.method());
        assertEquals(30, ((IndexedSearch) SearchStrategy.create(spec.method())).expand(spec).size());
    }

    @Test
    void theFashionMnistBayesSweepSearchesTheClassicSpaceFortyRunsTwoAtATime() throws IOException {
        SweepSpec spec = SpecParser.parse(EXAMPLES.resolve("fashion-mnist-bayes.yaml"));

        assertEquals(SearchMethod.BAYES, spec.method());
        assertEquals(OptionalInt.of(40), SearchStrategy.create(spec.method()).totalRuns(spec));
        assertEquals(Optional.of(2), spec.parallelism());
        assertEquals(9, spec.parameters().size());
    }

    @Test
    void fashionMnistThenMnistRunsTheBestThreeOnMnistWhenItEnds() throws IOException {
        SweepSpec spec = SpecParser.parse(EXAMPLES.resolve("fashion-mnist-then-mnist.yaml"));

        assertEquals(Dataset.FASHION_MNIST, spec.dataset());
        assertEquals(Optional.of(new Followup(Dataset.MNIST, 3)), spec.followup());
        assertEquals(Optional.of(12), spec.runCap());
    }
}
