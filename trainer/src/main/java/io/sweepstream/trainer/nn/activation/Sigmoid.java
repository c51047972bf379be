package io.sweepstream.trainer.nn.activation;

import io.sweepstream.trainer.math.Kernels;
import org.ejml.data.FMatrixRMaj;

/** f(z) = 1 / (1 + e^-z), f'(z) = a (1 - a). */
final class Sigmoid implements Activation {

    @Override
    public void forward(FMatrixRMaj z, float[] bias, FMatrixRMaj a) {
        Kernels.get().sigmoid(z.data, bias, a.data, z.numRows, z.numCols);
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        // dL/dz = dL/da · a(1 - a)
        Kernels.get().sigmoidBackward(a.data, gradA.data, gradZ.data, a.getNumElements());
    }
}
