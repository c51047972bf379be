package io.sweepstream.trainer.nn.activation;

import io.sweepstream.trainer.math.Kernels;
import org.ejml.data.FMatrixRMaj;

/** f(z) = tanh z, f'(z) = 1 - a². */
final class Tanh implements Activation {

    @Override
    public void forward(FMatrixRMaj z, float[] bias, FMatrixRMaj a) {
        Kernels.get().tanh(z.data, bias, a.data, z.numRows, z.numCols);
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        // dL/dz = dL/da · (1 - a²)
        Kernels.get().tanhBackward(a.data, gradA.data, gradZ.data, a.getNumElements());
    }
}
