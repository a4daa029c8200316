package org.guidedmixup.dl4j;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.BatchSeed;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.CropSpec;
import org.guidedmixup.transform.Draw;
import org.guidedmixup.transform.PillowResample;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * GuidedMixup on the mini-batches of any {@code DataSetIterator}, for
 * {@code MultiLayerNetwork.fit(iterator)}, {@code ComputationGraph.fit} and {@code ParallelWrapper}:
 * spectral-residual saliency of each image, greedy pairing so that salient regions overlap least,
 * pixel-wise mixing in proportion to saliency, and soft labels. The same core as the {@code augment}
 * job; each call is one batch.
 *
 * <pre>{@code
 * DataSetIterator train = ...;                       // features N x C x H x W in [0, 1], one-hot labels
 * train.setPreProcessor(new GuidedMixupPreProcessor(10).setMixProb(0.5).setSeed(7));
 * net.fit(train, epochs);
 * }</pre>
 *
 * <p>Features must be a rank-4 N x C x H x W array with values in [0, 1] (divide by 255 first, e.g. with
 * {@code ImagePreProcessingScaler}); labels N x K with one class per row (one-hot). Anything else is
 * refused with one {@link IllegalArgumentException} saying what was found. Batch i of this instance is
 * augmented with the seed derived from ({@code seed}, 0, i), so a run is reproducible given the order of
 * the batches. Not thread-safe: give each iterator (each {@code ParallelWrapper} worker's source) its
 * own instance, as DL4J does with pre-processors.
 *
 * <p>The official recipe's base transform goes first when set: {@link #setCrop} (e.g.
 * {@code "random:32,pad=4"}; a crop gives S x S features whatever the input size) and
 * {@link #setFlip}. Image j of the run (counted over all batches) is transformed with the draw of
 * ({@code seed}, 0, j). Transforms work on 8-bit pixels, as Pillow's do: features are taken to the
 * nearest 1/255 first (exact for images scaled from 8 bits).
 */
public final class GuidedMixupPreProcessor implements DataSetPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int numClasses;
    private double mixProb = MixupConfig.DEFAULT_MIX_PROB;
    private MixupConfig.PairingKind pairing = MixupConfig.PairingKind.GREEDY;
    private MixupConfig.MixerKind mixer = MixupConfig.MixerKind.GUIDED;
    private double alpha = 1.0;
    private double labelSmoothing = 0.0;
    private long seed = 42L;
    private BaseTransform transform = BaseTransform.NONE;
    private long images;
    private transient PillowResample resample;
    private transient BatchAugmenter augmenter;
    private transient float[] pixels = new float[0];
    private long batches;

    /**
     * @param numClasses K, the width of the label arrays (>= 2)
     */
    public GuidedMixupPreProcessor(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    /** Probability that a batch is mixed (default 0.5, as the CLI and the transformer); unmixed batches pass through clean. */
    public GuidedMixupPreProcessor setMixProb(double mixProb) {
        if (!(mixProb >= 0 && mixProb <= 1)) {
            throw new IllegalArgumentException("mixProb must be in [0, 1], got " + mixProb);
        }
        this.mixProb = mixProb;
        augmenter = null;
        return this;
    }

    /** "greedy" (default: Algorithm 1 of the paper) or "random". */
    public GuidedMixupPreProcessor setPairing(String pairing) {
        this.pairing = MixupConfig.PairingKind.parse(pairing);
        augmenter = null;
        return this;
    }

    /** "guided" (default: GuidedMixup), "mixup" (Input Mixup) or "cutmix". */
    public GuidedMixupPreProcessor setMixer(String mixer) {
        this.mixer = MixupConfig.MixerKind.parse(mixer);
        augmenter = null;
        return this;
    }

    /** Beta(alpha, alpha) of the mixup and cutmix mixers (default 1; guided does not use it). */
    public GuidedMixupPreProcessor setAlpha(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        this.alpha = alpha;
        augmenter = null;
        return this;
    }

    /** Epsilon of label smoothing applied to both one-hot targets before mixing (default 0). */
    public GuidedMixupPreProcessor setLabelSmoothing(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        augmenter = null;
        return this;
    }

    /** Seed of every random choice (default 42); also restarts the batch and image counts. */
    public GuidedMixupPreProcessor setSeed(long seed) {
        this.seed = seed;
        this.batches = 0;
        this.images = 0;
        return this;
    }

    /**
     * The crop before the mixup, in {@code augment --crop}'s form ({@link CropSpec#FORMS}); "none"
     * (the default) keeps the images as they are.
     */
    public GuidedMixupPreProcessor setCrop(String crop) {
        transform = new BaseTransform(CropSpec.parse(crop), transform.flipProb());
        return this;
    }

    /** A horizontal flip before the mixup with probability {@code prob} (default 0: none; the recipe's is 0.5). */
    public GuidedMixupPreProcessor setFlip(double prob) {
        transform = new BaseTransform(transform.crop(), prob);
        return this;
    }

    public String getCrop() {
        return transform.crop().toString();
    }

    public double getFlip() {
        return transform.flipProb();
    }

    public int getNumClasses() {
        return numClasses;
    }

    public double getMixProb() {
        return mixProb;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    public String getPairing() {
        return pairing.id();
    }

    public String getMixer() {
        return mixer.id();
    }

    public long getSeed() {
        return seed;
    }

    /** Batches augmented so far. */
    public long getBatchCount() {
        return batches;
    }

    @Override
    public void preProcess(DataSet ds) {
        INDArray features = ds.getFeatures();
        INDArray labels = ds.getLabels();
        if (features == null || features.rank() != 4) {
            throw new IllegalArgumentException("GuidedMixupPreProcessor needs features N x C x H x W (rank 4), got "
                    + (features == null ? "none" : "shape " + Arrays.toString(features.shape()))
                    + "; reshape flat images first (e.g. an InputType.convolutionalFlat iterator gives N x HW)");
        }
        long[] s = features.shape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        if (labels == null || labels.rank() != 2 || labels.size(0) != n || labels.size(1) != numClasses) {
            throw new IllegalArgumentException("GuidedMixupPreProcessor needs labels N x " + numClasses
                    + " (one-hot), got " + (labels == null ? "none" : "shape " + Arrays.toString(labels.shape())));
        }
        if (ds.getFeaturesMaskArray() != null || ds.getLabelsMaskArray() != null) {
            throw new IllegalArgumentException("GuidedMixupPreProcessor cannot mix a DataSet with mask arrays");
        }
        int len = c * h * w;
        if (pixels == null || pixels.length < n * len) {
            pixels = new float[n * len];
        }
        float[] px = pixels;
        // One copy out of ND4J (C order: image, channel, row, column), as the core reads images.
        float[] data = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        System.arraycopy(data, 0, px, 0, n * len);
        for (int i = 0; i < n * len; i++) {
            float v = px[i];
            if (!(v >= 0f && v <= 1f)) {
                int img = i / len;
                throw new IllegalArgumentException("GuidedMixupPreProcessor needs feature values in [0, 1]; image " + img
                        + " of the batch holds " + v + " (scale pixels by 1/255 first, e.g. ImagePreProcessingScaler)");
            }
        }
        if (!transform.isIdentity()) {
            String refusal = transform.refusal(h, w);
            if (refusal != null) {
                throw new IllegalArgumentException("GuidedMixupPreProcessor: " + refusal.replace("--crop", "setCrop"));
            }
            int oh = transform.setsSize() ? transform.crop().size() : h;
            int ow = transform.setsSize() ? transform.crop().size() : w;
            px = transformed(px, n, c, h, w, oh, ow);
            h = oh;
            w = ow;
            len = c * h * w;
        }
        float[] lab = labels.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] classes = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            classes[i] = oneHotClass(lab, i);
            ids[i] = i;
        }
        if (augmenter == null) {
            MixupConfig cfg = new MixupConfig(numClasses, pairing, mixer, mixProb, alpha, labelSmoothing);
            augmenter = new BatchAugmenter(cfg, new SpectralResidualSaliency());
        }
        ImageBatch batch = new ImageBatch(n, c, h, w, px, classes, ids);
        AugmentedBatch out = augmenter.augment(batch, BatchSeed.of(seed, 0, batches++));
        ds.setFeatures(Nd4j.create(Arrays.copyOf(out.pixels(), n * len), new long[] {n, c, h, w}, DataType.FLOAT)
                .castTo(features.dataType()));
        ds.setLabels(Nd4j.create(Arrays.copyOf(out.softLabels(), n * numClasses), new long[] {n, numClasses}, DataType.FLOAT)
                .castTo(labels.dataType()));
    }

    /** The batch through the base transform, on 8-bit pixels: n x c x oh x ow floats. */
    private float[] transformed(float[] px, int n, int c, int h, int w, int oh, int ow) {
        if (resample == null) {
            resample = new PillowResample();
        }
        int len = c * h * w;
        int outLen = c * oh * ow;
        byte[] src = new byte[len];
        byte[] dst = new byte[outLen];
        float[] out = new float[n * outLen];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < len; p++) {
                src[p] = (byte) Math.round(px[i * len + p] * 255f);
            }
            Draw d = transform.draw(seed, 0, images++, h, w);
            BaseTransform.apply(d, src, c, resample, dst);
            for (int p = 0; p < outLen; p++) {
                out[i * outLen + p] = (dst[p] & 0xff) / 255f;
            }
        }
        return out;
    }

    private int oneHotClass(float[] lab, int i) {
        int found = -1;
        for (int k = 0; k < numClasses; k++) {
            float v = lab[i * numClasses + k];
            if (v == 1f && found < 0) {
                found = k;
            } else if (v != 0f) {
                found = -2;
                break;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("GuidedMixupPreProcessor needs one-hot labels; row " + i + " of the batch is "
                    + Arrays.toString(Arrays.copyOfRange(lab, i * numClasses, (i + 1) * numClasses)));
        }
        return found;
    }
}
