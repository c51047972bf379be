package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic, separable test data: 10 classes of Gaussian blobs in an 8×8 "image" (64 features). Class centres come
 * from a fixed seed, so sets built with different sample seeds share them (train/validation/test).
 */
final class Blobs {

    static final int SIDE = 8;
    static final int CLASSES = 10;
    // pixel units. Centres ~ U(90, 165) per pixel are ~250 apart; half of that is ~2.7 noise σ along the line
    // between two centres, so classes overlap a little (a nearest-centre rule gets ~97%, not 100%)
    private static final double NOISE = 35;

    private Blobs() {
    }

    static Dataset of(String name, int count, long sampleSeed) {
        SplittableRandom centres = new SplittableRandom(1234);
        int features = SIDE * SIDE;
        double[][] centre = new double[CLASSES][features];
        for (double[] c : centre) {
            for (int j = 0; j < features; j++) {
                c[j] = centres.nextDouble(90, 165);
            }
        }
        SplittableRandom random = new SplittableRandom(sampleSeed);
        byte[] pixels = new byte[count * features];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = (byte) label;
            for (int j = 0; j < features; j++) {
                double v = centre[label][j] + NOISE * random.nextGaussian();
                pixels[i * features + j] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < CLASSES; k++) {
            names.add("blob" + k);
        }
        return new Dataset(name, count, SIDE, SIDE, pixels, labels, names);
    }
}
