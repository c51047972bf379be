package io.sweepstream.trainer.nn.activation;

import io.sweepstream.trainer.math.Kernels;
import org.ejml.data.FMatrixRMaj;

/** f(z) = z, f'(z) = 1. */
final class Identity implements Activation {

    @Override
    public void forward(FMatrixRMaj z, float[] bias, FMatrixRMaj a) {
        if (bias != null) {
            Kernels.get().addRowVector(z.data, bias, z.numRows, z.numCols);
        }
        System.arraycopy(z.data, 0, a.data, 0, z.getNumElements());
    }

    @Override
    public void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ) {
        if (gradZ != gradA) {
            System.arraycopy(gradA.data, 0, gradZ.data, 0, gradA.getNumElements());
        }
    }
}
