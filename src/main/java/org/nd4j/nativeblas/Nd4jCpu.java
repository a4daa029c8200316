package org.nd4j.nativeblas;

/**
 * A bridge for a class name that DL4J 1.0.0-M2.1 looks up and ND4J 1.0.0-M2.1 no longer has.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by reflection, for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. ND4J M2.1 moved that
 * class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN()}, so the lookup fails, the check answers false, and every oneDNN layer helper
 * (convolution, pooling, batch norm) is dropped: convolutions fall back to DL4J's im2col path at
 * about a quarter of the speed (see docs/performance.md, "Training"). This class answers the old
 * question with the new binding, so the check passes exactly when the loaded native library was
 * built with oneDNN and oneDNN is switched on. It is only read through reflection by DL4J; the
 * project switches helpers on and off with {@link org.guidedmixup.model.OneDnn}.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name of ND4J's native environment, as DL4J M2.1 asks for it. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the native library uses oneDNN: ND4J's {@code isUseONEDNN()}. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
