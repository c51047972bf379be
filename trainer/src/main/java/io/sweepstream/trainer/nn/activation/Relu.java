package io.sweepstream.trainer.nn.activation;

import io.sweepstream.trainer.math.Kernels;
import org.ejml.data.FMatrixRMaj;

/** f(z) = max(0, z), f'(z) = 1 if z > 0 else 0 (the subgradient 0 is used at z = 0). */
final class Relu implements Activation {

    @Override
    public void forward(FMatrixRMaj z, float[] bias, FMatrixRMaj a) {
        // a = z > 0 ? z : 0
        Kernels.get().relu(z.data, bias, a.data, z.numRows, z.numCols);
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        // dL/dz = dL/da · [z > 0]
        Kernels.get().reluBackward(z.data, gradA.data, gradZ.data, z.getNumElements());
    }
}
