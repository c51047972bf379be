package io.sweepstream.dashboard.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sweepstream.schemas.avro.EpochMetric;

/**
 * One run attempt's four curves at epoch granularity, as floats: 16 bytes per epoch, at most
 * {@link #MAX_EPOCHS} epochs, so a run's memory is bounded whatever its length. Not thread-safe.
 */
final class Curve {

    /** Epochs kept per run; later epochs are not drawn (the table still counts them). */
    static final int MAX_EPOCHS = 1000;

    private float[] trainLoss = new float[0];
    private float[] trainAccuracy = new float[0];
    private float[] valLoss = new float[0];
    private float[] valAccuracy = new float[0];
    private int length;

    /** Records epoch {@code m.getEpoch()} (1-based); returns false if it lies beyond {@link #MAX_EPOCHS}. */
    boolean put(EpochMetric m) {
        int i = m.getEpoch() - 1;
        if (i < 0 || i >= MAX_EPOCHS) {
            return false;
        }
        if (i >= trainLoss.length) {
            int size = Math.min(MAX_EPOCHS, Math.max(i + 1, Math.max(m.getEpochs(), 2 * trainLoss.length)));
            trainLoss = grow(trainLoss, size);
            trainAccuracy = grow(trainAccuracy, size);
            valLoss = grow(valLoss, size);
            valAccuracy = grow(valAccuracy, size);
        }
        trainLoss[i] = (float) m.getTrainLoss();
        trainAccuracy[i] = (float) m.getTrainAccuracy();
        valLoss[i] = (float) m.getValLoss();
        valAccuracy[i] = (float) m.getValAccuracy();
        length = Math.max(length, i + 1);
        return true;
    }

    int length() {
        return length;
    }

    /** Best validation accuracy over the epochs so far; null before the first. */
    Double bestValAccuracy() {
        double best = Double.NaN;
        for (int i = 0; i < length; i++) {
            if (!Float.isNaN(valAccuracy[i]) && (Double.isNaN(best) || valAccuracy[i] > best)) {
                best = valAccuracy[i];
            }
        }
        return Double.isNaN(best) ? null : best;
    }

    List<Integer> epochs() {
        List<Integer> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(i + 1);
        }
        return out;
    }

    List<Double> trainLoss() {
        return list(trainLoss);
    }

    List<Double> trainAccuracy() {
        return list(trainAccuracy);
    }

    List<Double> valLoss() {
        return list(valLoss);
    }

    List<Double> valAccuracy() {
        return list(valAccuracy);
    }

    private List<Double> list(float[] values) {
        List<Double> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(finite(values[i]));
        }
        return out;
    }

    /** A finite value as a Double; NaN (a missing epoch) and infinities (divergence) as null: JSON has neither. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static float[] grow(float[] a, int size) {
        float[] b = Arrays.copyOf(a, size);
        Arrays.fill(b, a.length, size, Float.NaN);
        return b;
    }
}
