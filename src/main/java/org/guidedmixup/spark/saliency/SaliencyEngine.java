package org.guidedmixup.spark.saliency;

import org.guidedmixup.config.ConfigError;
import org.guidedmixup.core.SaliencyDetector;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.nd4j.Nd4jSpectralResidualSaliency;

import java.util.Locale;

/**
 * Which code computes spectral-residual saliency on an executor: the Java engine ({@code cpu}, the
 * core), ND4J batched matrix products ({@code nd4j}: BLAS on CPU, cuBLAS on a GPU executor with the
 * CUDA backend), or {@code auto}: ND4J where ND4J's backend is CUDA, the Java engine elsewhere (on
 * CPU, ND4J measured 3 to 7 times slower at every benchmarked shape: docs/performance.md).
 */
public enum SaliencyEngine {
    CPU, ND4J, AUTO;

    /** Parses cpu|nd4j|auto; {@code where} names the setting in the error. */
    public static SaliencyEngine parse(String s, String where) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(where + ": got '" + s + "', expected cpu, nd4j or auto");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A detector for one thread; mean and std may be null (no normalisation). */
    public SaliencyDetector create(double[] mean, double[] std) {
        return switch (this) {
            case CPU -> new SpectralResidualSaliency(mean, std);
            case ND4J -> {
                GpuBinding.bindCurrentThread();
                yield new Nd4jSpectralResidualSaliency(mean, std);
            }
            case AUTO -> {
                GpuBinding.bindCurrentThread();
                yield new AutoSaliency(mean, std);
            }
        };
    }
}
