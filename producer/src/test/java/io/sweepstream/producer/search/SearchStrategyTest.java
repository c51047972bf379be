package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sweepstream.producer.spec.SearchMethod;
import org.junit.jupiter.api.Test;

class SearchStrategyTest {

    @Test
    void createsGridRandomAndBayesianSearch() {
        assertInstanceOf(GridSearch.class, SearchStrategy.create(SearchMethod.GRID));
        assertInstanceOf(RandomSearch.class, SearchStrategy.create(SearchMethod.RANDOM));
        assertInstanceOf(TpeSearch.class, SearchStrategy.create(SearchMethod.BAYES));
    }
}
