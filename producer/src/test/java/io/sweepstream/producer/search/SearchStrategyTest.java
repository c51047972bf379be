package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweepstream.producer.spec.SearchMethod;
import org.junit.jupiter.api.Test;

class SearchStrategyTest {

    @Test
    void createsGridAndRandomSearch() {
        assertInstanceOf(GridSearch.class, SearchStrategy.create(SearchMethod.GRID));
        assertInstanceOf(RandomSearch.class, SearchStrategy.create(SearchMethod.RANDOM));
    }

    @Test
    void refusesBayesUntilItIsBuilt() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> SearchStrategy.create(SearchMethod.BAYES));
        assertEquals("bayes search arrives in a later issue; use grid or random", e.getMessage());
    }
}
