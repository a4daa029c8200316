package org.guidedmixup.core;

import java.lang.management.ManagementFactory;

/**
 * Whether the lane kernels run their explicit-SIMD loops ({@link LaneFftVectors}, JDK 17's incubating
 * Vector API) or their scalar ones. Both do the same additions and multiplications in the same order
 * on each lane (no fused multiply-add), so they agree bit for bit. Decided once per JVM:
 * <ul>
 *   <li>opt-in, {@code -Dguidedmixup.simd=on}: off by default (see below);</li>
 *   <li>the JVM must have the module ({@code --add-modules jdk.incubator.vector});</li>
 *   <li>C2 must be on: under C1 alone the Vector API is not intrinsified and runs about 100x slower
 *       than the scalar loop (radix-4 butterflies over 448 lanes: 476 against 3.5 µs, measured);</li>
 *   <li>the CPU's widest vector must hold at least 4 doubles (AVX2: 4, AVX-512: 8; HotSpot picks
 *       the width at start, so the same code runs AVX-512 where the CPU has it): with SSE's 2 the
 *       scalar loops are as fast.</li>
 * </ul>
 * Why off by default: once C2 has compiled them, the SIMD butterflies make SR saliency 8-10 % faster
 * at 1x28x28 and 15-30 % at 3x64x64 (AVX2, `bench --seconds 10`, docs/performance.md); but until
 * then (about 2 s into a run) they run in C1's code, 100x slower than the scalar loops, which costs
 * short runs more than the SIMD loops give back. A warm-up that gets them compiled first is the
 * missing step.
 */
final class LaneVectors {
    static final boolean ON = decide();

    private LaneVectors() {
    }

    private static boolean decide() {
        if (!"on".equals(System.getProperty("guidedmixup.simd"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || !c2()) {
            return false;
        }
        try {
            return LaneFftVectors.lanes() >= 4;
        } catch (LinkageError e) {
            return false; // the module is there but its classes do not link here
        }
    }

    private static boolean c2() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4
                    && !"false".equals(vm.getVMOption("UseCompiler").getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What runs, for logs and bench output: "vector-256" (bits), or "scalar". */
    static String describe() {
        return ON ? "vector-" + 64 * LaneFftVectors.lanes() : "scalar";
    }
}
