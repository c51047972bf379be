package io.sweepstream.trainer.nn.activation;

import org.ejml.data.FMatrixRMaj;

/** f(z) = tanh z, f'(z) = 1 - a². */
final class Tanh implements Activation {

    @Override
    public void forward(FMatrixRMaj z, FMatrixRMaj a) {
        float[] zs = z.data;
        float[] as = a.data;
        for (int i = 0, n = z.getNumElements(); i < n; i++) {
            as[i] = (float) Math.tanh(zs[i]);
        }
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        float[] as = a.data;
        float[] ga = gradA.data;
        float[] gz = gradZ.data;
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            // dL/dz = dL/da · (1 - a²)
            gz[i] = ga[i] * (1f - as[i] * as[i]);
        }
    }
}
