package org.guidedmixup;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dependency stack holds together: ND4J's native CPU backend loads, and logs reach log4j2. */
class StackTest {
    @Test
    void nd4jNativeBackendComputes() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
        assertEquals(10.0, a.sumNumber().doubleValue(), 1e-6);
        assertEquals(new float[] {7, 10}[0], a.mmul(a).getFloat(0, 0), 1e-6);
        assertTrue(Nd4j.getBackend().getClass().getName().contains("CpuBackend"), Nd4j.getBackend().getClass().getName());
    }

    @Test
    void logsGoToLog4j2NotToTheNoOpLogger() {
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        assertTrue(factory.toLowerCase(java.util.Locale.ROOT).contains("log4j"), "slf4j is bound to " + factory);
    }
}
