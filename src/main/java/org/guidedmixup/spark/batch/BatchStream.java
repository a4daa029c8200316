package org.guidedmixup.spark.batch;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.BatchSeed;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyMemo;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.ImageTransformer;
import org.guidedmixup.transform.Draw;
import org.guidedmixup.spark.saliency.SaliencyMemos;
import scala.Tuple2;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One sorted partition of a round, augmented batch by batch: the single path that the offline job
 * (rows for Parquet) and online training (ND4J {@code DataSet}s) share. It holds one batch at a
 * time; each {@link #next()} returns a view that is valid until the following call. The run's base
 * transform (crop, flip) is applied here, per image, before saliency.
 */
public final class BatchStream implements Iterator<AugmentedBatch> {
    /** v / 255f for every byte value v: the same floats as the division, without one per pixel. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private final Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input;
    private final AugmentRound task;
    private final BatchAugmenter augmenter;
    private final SaliencyMemo memo;
    private final ImageTransformer transformer;
    private Tuple2<BatchPlan.Key, DecodedImage> lookahead;
    private long position;
    private long lookaheadBatch;
    private long batchId = -1;
    private long transformNanos;
    private int size;
    private DecodedImage[] members = new DecodedImage[0];
    /** The transformed pixels of each member (unused without a transform) and what was drawn. */
    private byte[][] seen = new byte[0][];
    private Draw[] draws = new Draw[0];
    private float[] pixels = new float[0];
    private int[] labels = new int[0];
    private long[] ids = new long[0];

    public BatchStream(Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input, AugmentRound task) {
        this.input = input;
        this.task = task;
        this.augmenter = new BatchAugmenter(task.mixup(), task.saliency().create());
        // Saliency maps kept across rounds are only valid while an image looks the same every round.
        this.memo = task.spec().transform().isRandom() ? null : SaliencyMemos.find(task.saliencyMemo());
        this.transformer = new ImageTransformer(task.spec(), task.seed());
        advance();
    }

    private void advance() {
        if (input.hasNext()) {
            lookahead = input.next();
            lookaheadBatch = task.plan().batchId(lookahead._1(), position++);
        } else {
            lookahead = null;
        }
    }

    @Override
    public boolean hasNext() {
        return lookahead != null;
    }

    @Override
    public AugmentedBatch next() {
        if (lookahead == null) {
            throw new NoSuchElementException();
        }
        Arrays.fill(members, 0, size, null);
        batchId = lookaheadBatch;
        int m = 0;
        while (lookahead != null && lookaheadBatch == batchId) {
            if (m == members.length) {
                grow(Math.max(8, m * 2));
            }
            members[m++] = lookahead._2();
            advance();
        }
        size = m;
        ImageSpec spec = task.spec();
        int len = spec.length();
        boolean identity = transformer.isIdentity();
        long t0 = identity ? 0 : System.nanoTime();
        for (int i = 0; i < m; i++) {
            byte[] src = members[i].pixels;
            if (!identity) {
                if (seen[i] == null) {
                    seen[i] = new byte[len];
                }
                draws[i] = transformer.apply(members[i], task.round(), seen[i]);
                src = seen[i];
            }
            int base = i * len;
            for (int p = 0; p < len; p++) {
                pixels[base + p] = UNIT[src[p] & 0xff];
            }
            labels[i] = members[i].label;
            ids[i] = members[i].sourceId;
        }
        transformNanos = identity ? 0 : System.nanoTime() - t0;
        ImageBatch batch = new ImageBatch(m, spec.channels(), spec.height(), spec.width(), pixels, labels, ids);
        return augmenter.augment(batch, BatchSeed.of(task.seed(), task.round(), batchId), memo);
    }

    /** Time the base transform took for the batch last returned (with the pixels' conversion to floats); 0 without one. */
    public long transformNanos() {
        return transformNanos;
    }

    /** The id of the batch last returned by {@link #next()}. */
    public long batchId() {
        return batchId;
    }

    /**
     * Image i of the last batch as the uint8 C x H x W pixels that are stored: the mixed pixels
     * rounded to 8 bits, or the source's own bytes when the batch was not mixed. Online training
     * feeds exactly these, so its examples equal the ones the offline job writes.
     *
     * @param scratch a reusable buffer of the image's length; returned when the image is mixed
     */
    public byte[] storedPixels(AugmentedBatch out, int i, byte[] scratch) {
        if (!out.mixed()) {
            return sourcePixels(i);
        }
        int len = task.spec().length();
        float[] mixed = out.pixels();
        int base = i * len;
        for (int p = 0; p < len; p++) {
            // Math.round(x) = floor(x + 1/2) taken exactly; for a float x the double sum is exact, and
            // below 0 both clamp to 0 (NaN: 0 too). Math.round is a call under C1 (1.3 % of a job).
            int v = (int) (mixed[base + p] * 255f + 0.5d);
            scratch[p] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
        return scratch;
    }

    /** The clean uint8 pixels of image i of the last batch (after the base transform, before mixing). */
    public byte[] sourcePixels(int i) {
        return transformer.isIdentity() ? members[i].pixels : seen[i];
    }

    /** What the base transform drew for image i of the last batch; null without a transform. */
    public Draw draw(int i) {
        return transformer.isIdentity() ? null : draws[i];
    }

    private void grow(int capacity) {
        int len = task.spec().length();
        members = Arrays.copyOf(members, capacity);
        seen = Arrays.copyOf(seen, capacity);
        draws = Arrays.copyOf(draws, capacity);
        pixels = Arrays.copyOf(pixels, capacity * len);
        labels = Arrays.copyOf(labels, capacity);
        ids = Arrays.copyOf(ids, capacity);
    }
}
