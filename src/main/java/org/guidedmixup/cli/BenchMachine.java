package org.guidedmixup.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which machine and JIT a bench figure comes from, printed with every {@code bench} result: figures
 * from different CPUs differ by 2x and more, and the widest vector instructions the CPU and the JIT
 * use decide how fast the kernel's loops run (HotSpot's C2 picks AVX-512, AVX2 or SSE itself at start).
 *
 * @param cpu        the CPU's model name (/proc/cpuinfo), or "unknown"
 * @param isa        the widest x86 vector extension the CPU offers: avx512, avx2, avx, sse, or other
 * @param vectorBits the widest vector the JIT uses ({@code MaxVectorSize} x 8; 0 with auto-vectorisation off)
 * @param jit        c2 (the full tiered JIT) or c1 (TieredStopAtLevel below 4)
 */
record BenchMachine(String cpu, String isa, int vectorBits, String jit) {

    /** This machine and JVM. */
    static BenchMachine here() {
        String cpu = "unknown";
        Set<String> flags = Set.of();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (cpu.equals("unknown") && l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                }
                if (flags.isEmpty() && l.startsWith("flags")) {
                    flags = Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the CPU stays unknown
        }
        String isa = flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : flags.contains("avx") ? "avx"
                : flags.contains("sse2") ? "sse" : "other";
        boolean superWord = !"false".equals(vmOption("UseSuperWord"));
        int bits = superWord ? 8 * parse(vmOption("MaxVectorSize")) : 0;
        String jit = parse(vmOption("TieredStopAtLevel")) < 4 ? "c1" : "c2";
        return new BenchMachine(cpu, isa, bits, jit);
    }

    /** One line for the text output. */
    String describe() {
        return String.format(Locale.ROOT, "cpu: %s (%s), JIT %s, vectors of %d bits", cpu, isa, jit, vectorBits);
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return null; // not HotSpot
        }
    }

    private static int parse(String v) {
        try {
            return v == null ? 4 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 4;
        }
    }
}
