package io.sweepstream.trainer.nn.activation;

import org.ejml.data.FMatrixRMaj;

/** f(z) = max(0, z), f'(z) = 1 if z > 0 else 0 (the subgradient 0 is used at z = 0). */
final class Relu implements Activation {

    @Override
    public void forward(FMatrixRMaj z, FMatrixRMaj a) {
        float[] zs = z.data;
        float[] as = a.data;
        for (int i = 0, n = z.getNumElements(); i < n; i++) {
            as[i] = zs[i] > 0f ? zs[i] : 0f;
        }
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        float[] zs = z.data;
        float[] ga = gradA.data;
        float[] gz = gradZ.data;
        for (int i = 0, n = z.getNumElements(); i < n; i++) {
            // dL/dz = dL/da · [z > 0]
            gz[i] = zs[i] > 0f ? ga[i] : 0f;
        }
    }
}
