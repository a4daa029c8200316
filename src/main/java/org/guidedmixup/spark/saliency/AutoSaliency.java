package org.guidedmixup.spark.saliency;

import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyDetector;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.nd4j.Nd4jSpectralResidualSaliency;

/**
 * The {@code auto} saliency engine: ND4J when its backend is CUDA (a GPU executor), the Java
 * engine otherwise. Both give the same pairings (tested), so the choice changes speed only.
 */
public final class AutoSaliency implements SaliencyDetector {
    private final double[] mean;
    private final double[] std;
    private SpectralResidualSaliency javaEngine;
    private Nd4jSpectralResidualSaliency nd4j;
    private Boolean gpu;

    AutoSaliency(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    @Override
    public void detect(ImageBatch batch, double[] out) {
        if (useNd4j()) {
            if (nd4j == null) {
                nd4j = new Nd4jSpectralResidualSaliency(mean, std);
            }
            nd4j.detect(batch, out);
        } else {
            if (javaEngine == null) {
                javaEngine = new SpectralResidualSaliency(mean, std);
            }
            javaEngine.detect(batch, out);
        }
    }

    /**
     * ND4J on a GPU only: on CPU it measured 3 to 7 times slower than the Java engine at every shape
     * and batch of {@code bench --saliency-engine cpu,nd4j} (docs/performance.md), so there is no
     * CPU shape where auto picks it.
     */
    private boolean useNd4j() {
        if (gpu == null) {
            gpu = onGpu();
        }
        return gpu;
    }

    /**
     * Whether the job was built with ND4J's CUDA backend ({@code -Pcuda}). Checked by class presence,
     * without loading ND4J's natives: the default CPU runs (auto) never start ND4J for saliency.
     */
    public static boolean onGpu() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, AutoSaliency.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "sr";
    }

    /** As the engine it picks: the Java engine's maps depend on each image alone, ND4J's are not promised to. */
    @Override
    public boolean dependsOnImageAlone() {
        return !useNd4j();
    }
}
