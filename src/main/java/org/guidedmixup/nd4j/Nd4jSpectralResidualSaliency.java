package org.guidedmixup.nd4j;

import org.guidedmixup.core.BilinearResize;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyDetector;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Spectral-residual saliency on ND4J, batched over the whole mini-batch, so that it runs on
 * whichever backend ND4J has: native CPU (BLAS) or CUDA on a GPU executor. The same arithmetic as
 * {@link SpectralResidualSaliency}, written as matrix products:
 * <ul>
 *   <li>the 2-D DFT of the batch is two products with the DFT's cosine and sine matrices,
 *       {@code [B*H, W] x [W, W]} along rows and the same along columns (after a transpose);</li>
 *   <li>the 3x3 replicate box mean of the log amplitude is nine shifted slices of a padded copy;</li>
 *   <li>the 7x7 reflect-padded Gaussian blur is a product with a banded W x W matrix that folds the
 *       reflection in, once per axis.</li>
 * </ul>
 * Grey conversion and the 128 x 128 resize of tall images stay in Java (cheap, and exact). Computes
 * in double by default so pairings match the Java engine; the matrices are built once per size.
 * Not thread-safe: one per partition or thread.
 */
public final class Nd4jSpectralResidualSaliency implements SaliencyDetector {
    private static final double EPS = 1e-10;

    private final SpectralResidualSaliency greyOnly;
    private final DataType type;
    private int size = -1;
    private int cols = -1;
    private INDArray cosH;
    private INDArray sinH;
    private INDArray cosW;
    private INDArray sinW;
    private INDArray blurH;
    private INDArray blurW;
    private double[] grey = new double[0];
    private double[] small = new double[0];

    /** @param mean per-channel mean for the saliency only (null: none); @param std likewise */
    public Nd4jSpectralResidualSaliency(double[] mean, double[] std) {
        this(mean, std, DataType.DOUBLE);
    }

    public Nd4jSpectralResidualSaliency(double[] mean, double[] std, DataType type) {
        this.greyOnly = new SpectralResidualSaliency(mean, std);
        this.type = type;
    }

    @Override
    public String name() {
        return "sr";
    }

    @Override
    public void detect(ImageBatch batch, double[] out) {
        int b = batch.size();
        int h = batch.height();
        int w = batch.width();
        int hw = h * w;
        boolean resized = h > SpectralResidualSaliency.MAX_SIDE;
        int rows = resized ? SpectralResidualSaliency.MAX_SIDE : h;
        int cs = resized ? SpectralResidualSaliency.MAX_SIDE : w;
        if (grey.length < b * hw) {
            grey = new double[b * hw];
        }
        greyOnly.grey(batch, grey);
        double[] in = grey;
        if (resized) {
            if (small.length < b * rows * cs) {
                small = new double[b * rows * cs];
            }
            for (int i = 0; i < b; i++) {
                BilinearResize.resize(grey, i * hw, h, w, small, i * rows * cs, rows, cs);
            }
            in = small;
        }
        matrices(rows, cs);
        INDArray g = Nd4j.create(in, new long[] {(long) b * rows, cs}, 'c').castTo(type);
        // Forward DFT along rows (real input): X = g (C - iS).
        INDArray xr = g.mmul(cosW);
        INDArray xi = g.mmul(sinW).negi();
        // Along columns, on the transposed layout [B, W, H] (the transform is symmetric, so the
        // product is with the same kind of matrix): F = X (C - iS).
        INDArray tr = transpose(xr, b, rows, cs);
        INDArray ti = transpose(xi, b, rows, cs);
        INDArray fr = tr.mmul(cosH).addi(ti.mmul(sinH));
        INDArray fi = ti.mmul(cosH).subi(tr.mmul(sinH));
        // Log amplitude and its 3x3 replicate box mean (transpose-invariant), per image.
        INDArray logAmp = Transforms.log(fr.mul(fr).addi(fi.mul(fi)).addi(EPS), false).muli(0.5)
                .reshape(b, cs, rows);
        INDArray scale = Transforms.exp(boxMeanReplicate(logAmp, b, cs, rows).negi(), false)
                .reshape((long) b * cs, rows);
        fr.muli(scale);
        fi.muli(scale);
        // Inverse DFT: multiply by (C + iS) along columns, then rows, then 1/(H W).
        INDArray ur = fr.mmul(cosH).subi(fi.mmul(sinH));
        INDArray ui = fr.mmul(sinH).addi(fi.mmul(cosH));
        INDArray vr = transpose(ur, b, cs, rows);
        INDArray vi = transpose(ui, b, cs, rows);
        INDArray gr = vr.mmul(cosW).subi(vi.mmul(sinW));
        INDArray gi = vr.mmul(sinW).addi(vi.mmul(cosW));
        INDArray mag = Transforms.sqrt(gr.muli(gr).addi(gi.muli(gi)), false).divi((double) rows * cs);
        // Gaussian blur, reflect padding folded into the matrices: rows, then columns.
        INDArray blurred = transpose(transpose(mag.mmul(blurW), b, rows, cs).mmul(blurH), b, cs, rows);
        double[] result = blurred.castTo(DataType.DOUBLE).data().asDouble();
        if (resized) {
            for (int i = 0; i < b; i++) {
                BilinearResize.resize(result, i * rows * cs, rows, cs, out, i * hw, h, w);
            }
        } else {
            System.arraycopy(result, 0, out, 0, b * hw);
        }
    }

    /** [B*R, C] to [B*C, R] (each image transposed), as a new C-order array. */
    private static INDArray transpose(INDArray a, int b, int r, int c) {
        return a.reshape(b, r, c).permute(0, 2, 1).dup('c').reshape((long) b * c, r);
    }

    /** 3x3 mean with edge-clamped padding over the last two axes of [B, R, C]. */
    private static INDArray boxMeanReplicate(INDArray a, int b, int r, int c) {
        INDArray p = Nd4j.create(a.dataType(), b, r + 2, c + 2);
        p.get(NDArrayIndex.all(), NDArrayIndex.interval(1, r + 1), NDArrayIndex.interval(1, c + 1)).assign(a);
        // Replicate edges: first and last columns, then first and last rows (corners included).
        p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0))
                .assign(p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1)));
        p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(c + 1))
                .assign(p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(c)));
        p.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
                .assign(p.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()));
        p.get(NDArrayIndex.all(), NDArrayIndex.point(r + 1), NDArrayIndex.all())
                .assign(p.get(NDArrayIndex.all(), NDArrayIndex.point(r), NDArrayIndex.all()));
        INDArray sum = Nd4j.create(a.dataType(), b, r, c);
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                sum.addi(p.get(NDArrayIndex.all(), NDArrayIndex.interval(dy, dy + r), NDArrayIndex.interval(dx, dx + c)));
            }
        }
        return sum.divi(9.0);
    }

    private void matrices(int rows, int cs) {
        if (rows == size && cs == cols) {
            return;
        }
        cosH = dft(rows, true);
        sinH = dft(rows, false);
        cosW = dft(cs, true);
        sinW = dft(cs, false);
        blurH = blurMatrix(rows);
        blurW = blurMatrix(cs);
        size = rows;
        cols = cs;
    }

    /** cos or sin of 2 pi j k / n (symmetric). Angles reduced mod n first, so they stay exact. */
    private INDArray dft(int n, boolean cos) {
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double angle = 2 * Math.PI * ((long) j * k % n) / n;
                m[j * n + k] = cos ? Math.cos(angle) : Math.sin(angle);
            }
        }
        return Nd4j.create(m, new long[] {n, n}, 'c').castTo(type);
    }

    /** M with out = in x M equal to the 7-tap sigma-3 reflect-padded blur along that axis. */
    private INDArray blurMatrix(int n) {
        double[] impulse = new double[n];
        double[] response = new double[n];
        double[] m = new double[n * n];
        org.guidedmixup.core.GaussianBlur blur = org.guidedmixup.core.GaussianBlur.guidedMixup();
        for (int src = 0; src < n; src++) {
            java.util.Arrays.fill(impulse, 0);
            impulse[src] = 1;
            // A 1 x n image: the vertical pass is the identity (a single row reflects onto itself).
            blur.apply(impulse, 0, 1, n, response, 0);
            System.arraycopy(response, 0, m, src * n, n);
        }
        return Nd4j.create(m, new long[] {n, n}, 'c').castTo(type);
    }
}
