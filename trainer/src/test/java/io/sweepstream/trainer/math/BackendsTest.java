package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void ejmlIsAlwaysAvailableAndLast() {
        List<MatMul> all = Backends.available();
        assertSame(MatMul.ejml(), all.get(all.size() - 1));
    }

    @Test
    void everyBackendIsEitherAvailableOrSaysWhyNot() {
        for (Backends.Kind kind : Backends.Kind.values()) {
            boolean available = Backends.get(kind) != null;
            String why = Backends.unavailable().get(kind);
            assertTrue(available ^ why != null, kind + ": available " + available + ", reason " + why);
            if (available) {
                assertEquals(kind.cliName(), Backends.get(kind).name());
            }
        }
    }

    @Test
    void forcingABackendByNameReturnsIt() {
        assertSame(MatMul.ejml(), Backends.choose("EJML").matMul());
        assertTrue(Backends.choose("ejml").reason().contains("--backend"), Backends.choose("ejml").reason());
    }

    @Test
    void autoPicksTheFirstAvailableInPreferenceOrder() {
        MatMul expected = Backends.available().get(0);
        assertSame(expected, Backends.choose("auto").matMul());
    }

    @Test
    void rejectsAnUnknownBackendNamingTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("cuda"));
        assertTrue(e.getMessage().contains("'cuda'") && e.getMessage().contains("blas, vector, ejml"), e.getMessage());
    }

    @Test
    void autoAndBlankMeanNoPreference() {
        assertNull(Backends.Kind.parseOrAuto("auto"));
        assertNull(Backends.Kind.parseOrAuto(" "));
        assertNull(Backends.Kind.parseOrAuto(null));
    }
}
