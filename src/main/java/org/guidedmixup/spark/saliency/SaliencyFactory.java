package org.guidedmixup.spark.saliency;

import org.guidedmixup.core.SaliencyDetector;
import org.guidedmixup.io.ImageSpec;

import java.io.Serializable;

/**
 * Makes the saliency detector an executor uses, once per partition (detectors keep scratch buffers
 * and are not thread-safe). Shipped inside tasks, so implementations hold only small serializable
 * values or broadcast handles.
 */
public interface SaliencyFactory extends Serializable {
    SaliencyDetector create();

    /** The name recorded in metadata ("sr", "ap"). */
    String name();

    /**
     * Called on the driver once the input's image shape and class count are known, before any
     * work: fails with one line when the detector cannot work on them (a model of another shape).
     */
    default void checkFits(ImageSpec spec, int numClasses) {
    }

    /** Spectral residual on the Java engine, with an optional normalisation (empty arrays: none). */
    static SaliencyFactory spectralResidual(double[] mean, double[] std) {
        return spectralResidual(mean, std, SaliencyEngine.CPU);
    }

    /** Spectral residual on the given engine, with an optional normalisation (empty arrays: none). */
    static SaliencyFactory spectralResidual(double[] mean, double[] std, SaliencyEngine engine) {
        return new SpectralResidual(mean.clone(), std.clone(), engine);
    }

    /** The model-free detector of the offline job's defaults. */
    record SpectralResidual(double[] mean, double[] std, SaliencyEngine engine) implements SaliencyFactory {
        @Override
        public SaliencyDetector create() {
            return engine.create(mean.length == 0 ? null : mean, std.length == 0 ? null : std);
        }

        @Override
        public String name() {
            return "sr";
        }
    }
}
