package org.guidedmixup.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The kernel's tests run three times in {@code mvn -B verify} (pom.xml): with the JIT's defaults
 * (vectors as wide as the CPU has), without vector instructions, and under C1 alone. This checks that
 * each run really has the JVM flags it is meant to have, and the lane kernels' SIMD loops run
 * exactly where they should ({@link LaneVectors}) ({@code guidedmixup.test.kernel-jit} names
 * the run), so a change to the pom cannot quietly turn the fallback runs into copies of the first.
 */
class KernelJitModeTest {
    private static String option(String name) {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
    }

    @Test
    void theRunHasTheJitFlagsItIsNamedFor() {
        String mode = System.getProperty("guidedmixup.test.kernel-jit", "default");
        switch (mode) {
            case "scalar" -> {
                assertEquals("false", option("UseSuperWord"));
                assertEquals("0", option("UseAVX"));
                assertFalse(LaneVectors.ON, "no SIMD loops without AVX");
            }
            case "c1" -> {
                assertEquals("1", option("TieredStopAtLevel"));
                assertFalse(LaneVectors.ON, "no SIMD loops under C1, where the Vector API is not compiled");
            }
            default -> {
                assertEquals("true", option("UseSuperWord"));
                assertEquals("4", option("TieredStopAtLevel"));
                // The tests' JVMs have the module and ask for SIMD: a CPU with AVX2 or AVX-512 runs its loops.
                assertEquals(Integer.parseInt(option("UseAVX")) >= 2, LaneVectors.ON, LaneVectors.describe());
            }
        }
    }
}
