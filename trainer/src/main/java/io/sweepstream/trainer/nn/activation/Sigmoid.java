package io.sweepstream.trainer.nn.activation;

import org.ejml.data.FMatrixRMaj;

/** f(z) = 1 / (1 + e^-z), f'(z) = a (1 - a). */
final class Sigmoid implements Activation {

    @Override
    public void forward(FMatrixRMaj z, FMatrixRMaj a) {
        float[] zs = z.data;
        float[] as = a.data;
        for (int i = 0, n = z.getNumElements(); i < n; i++) {
            float v = zs[i];
            // two branches so that e^x never overflows: for z < 0, 1/(1+e^-z) = e^z/(1+e^z)
            if (v >= 0) {
                as[i] = (float) (1.0 / (1.0 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                as[i] = (float) (e / (1.0 + e));
            }
        }
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        float[] as = a.data;
        float[] ga = gradA.data;
        float[] gz = gradZ.data;
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            // dL/dz = dL/da · a(1 - a)
            gz[i] = ga[i] * as[i] * (1f - as[i]);
        }
    }
}
