package io.sweepstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.Loss;
import io.sweepstream.trainer.nn.loss.LossKind;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference check of the whole network's gradient: 6 inputs, 2 hidden layers of 5, 3 classes, batch 4,
 * every activation × loss, with and without weight decay.
 *
 * <p>Why these bounds hold in float32: the loss is summed in double but each forward pass rounds in float, so a
 * loss value near 1 carries an error of about 1e-7 (a few ulps of its float terms). Central differences with
 * step h = 1e-2 turn that into about 1e-7 / 2h = 5e-6 of absolute error in the numeric derivative, while their
 * truncation error is O(h²·f''') ≈ 1e-4·f'''. The relative error |a - n| / max(|a| + |n|, 1e-3) is therefore
 * below ~5e-3 even for derivatives near the 1e-3 floor. We assert {@value #BOUND}; a wrong gradient (e.g. the
 * cross-entropy shortcut p - y used for mean squared error, or a dropped weight-decay term) gives errors of order
 * 0.1 to 1. ReLU is checked only at coordinates where neither perturbation moves any hidden pre-activation across
 * 0 (the kink), where the function is smooth and the check is valid; the test requires most coordinates to qualify.
 * Runs on every matrix-multiply backend available here ({@link Backends#available()}).
 */
class NetworkGradientCheckTest {

    private static final double H = 1e-2;
    private static final double BOUND = 1e-2;
    private static final int FEATURES = 6;
    private static final int BATCH = 4;
    private static final int CLASSES = 3;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (MatMul backend : Backends.available()) {
            for (ActivationKind activation : ActivationKind.values()) {
                for (LossKind loss : LossKind.values()) {
                    cases.add(Arguments.of(backend, activation, loss, 0.0));
                    cases.add(Arguments.of(backend, activation, loss, 0.1));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} backend: {1} with {2}, weight decay {3}")
    @MethodSource("cases")
    void analyticGradientMatchesCentralDifferences(MatMul backend, ActivationKind activation, LossKind lossKind,
                                                   double weightDecay) {
        SplittableRandom random = new SplittableRandom(42);
        Network network = new Network(FEATURES, 2, 5, CLASSES, activation.create(), backend);
        // N(0, 1/2) weights give logits of order 1: softmax not saturated, gradients well above the 1e-3 floor
        network.initialize((w, fanIn, fanOut, r) -> {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (Math.sqrt(0.5) * r.nextGaussian());
            }
        }, random);
        // non-zero biases so that their gradients are exercised away from the symmetric start
        for (int k = 1; k < network.parameters().length; k += 2) {
            float[] b = network.parameters()[k];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (0.1 * random.nextGaussian());
            }
        }
        FMatrixRMaj x = new FMatrixRMaj(BATCH, FEATURES);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[BATCH];
        for (int r = 0; r < BATCH; r++) {
            labels[r] = random.nextInt(CLASSES);
        }
        Loss loss = lossKind.create();
        Workspace ws = network.newWorkspace(BATCH);

        network.lossAndGradients(ws, x, labels, loss);
        float[][] params = network.parameters();
        float[][] analytic = new float[params.length][];
        for (int k = 0; k < params.length; k++) {
            analytic[k] = network.gradients()[k].clone();
            if (network.parameterSpecs().get(k).decayed()) {
                // the optimizers' decayed gradient: g + λ·w (weights only)
                for (int i = 0; i < analytic[k].length; i++) {
                    analytic[k][i] += (float) weightDecay * params[k][i];
                }
            }
        }
        boolean[][] baseSigns = hiddenSigns(network, ws, x);

        double maxError = 0;
        int checked = 0;
        int skipped = 0;
        for (int k = 0; k < params.length; k++) {
            for (int i = 0; i < params[k].length; i++) {
                float original = params[k][i];
                float plus = (float) (original + H);
                float minus = (float) (original - H);
                params[k][i] = plus;
                double lossPlus = network.evaluate(ws, x, labels, loss) + network.weightPenalty(weightDecay);
                boolean kinkPlus = activation == ActivationKind.RELU && crossedKink(baseSigns, network, ws, x);
                params[k][i] = minus;
                double lossMinus = network.evaluate(ws, x, labels, loss) + network.weightPenalty(weightDecay);
                boolean kinkMinus = activation == ActivationKind.RELU && crossedKink(baseSigns, network, ws, x);
                params[k][i] = original;
                if (kinkPlus || kinkMinus) {
                    skipped++;
                    continue;
                }
                // divide by the step actually taken in float
                double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);
                double a = analytic[k][i];
                double error = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-3);
                maxError = Math.max(maxError, error);
                checked++;
            }
        }
        String summary = activation + "/" + lossKind + "/wd=" + weightDecay + ": max relative error " + maxError
                + " over " + checked + " coordinates, " + skipped + " skipped at ReLU kinks";
        if (System.getProperty("gradcheck.report") != null) {
            System.out.println(summary);
        }
        assertTrue(maxError < BOUND, summary);
        assertTrue(skipped * 10 < checked, summary);
    }

    private static boolean[][] hiddenSigns(Network network, Workspace ws, FMatrixRMaj x) {
        network.forward(ws, x);
        int hidden = network.layers().size() - 1;
        boolean[][] signs = new boolean[hidden][];
        for (int l = 0; l < hidden; l++) {
            FMatrixRMaj z = ws.preActivations(l);
            signs[l] = new boolean[z.getNumElements()];
            for (int i = 0; i < signs[l].length; i++) {
                signs[l][i] = z.data[i] > 0;
            }
        }
        return signs;
    }

    // called right after evaluate(): the workspace still holds that pass's pre-activations
    private static boolean crossedKink(boolean[][] base, Network network, Workspace ws, FMatrixRMaj x) {
        for (int l = 0; l < base.length; l++) {
            FMatrixRMaj z = ws.preActivations(l);
            for (int i = 0; i < base[l].length; i++) {
                if ((z.data[i] > 0) != base[l][i]) {
                    return true;
                }
            }
        }
        return false;
    }
}
