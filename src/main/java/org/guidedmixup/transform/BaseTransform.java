package org.guidedmixup.transform;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The standard augmentation that the official recipe applies before GuidedMixup: a crop
 * ({@link CropSpec}) then a horizontal flip with probability {@code flipProb}, with torchvision's
 * semantics on PIL images. Saliency, pairing and mixing all see the transformed image.
 *
 * <p>What is drawn for an image depends on (seed, round, source id) alone ({@link #draw}), never
 * on the task, partition or batch it lands in: a cluster run equals a local one, online epoch e
 * equals shard round e, and a retried task writes the same rows.
 *
 * @param flipProb probability of a horizontal flip (0: never)
 */
public record BaseTransform(CropSpec crop, double flipProb) implements Serializable {
    public static final BaseTransform NONE = new BaseTransform(CropSpec.NONE, 0);
    /** Separates the transforms' random stream from the batches' (both hash the run's seed). */
    private static final long SALT = 0x7C3A_91E5_D2B4_0F68L;

    public BaseTransform {
        if (crop == null) {
            throw new IllegalArgumentException("crop must not be null (use CropSpec.NONE)");
        }
        if (!(flipProb >= 0 && flipProb <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProb);
        }
    }

    /** True when images go through unchanged: the byte-identical path of runs without a transform. */
    public boolean isIdentity() {
        return crop.isNone() && flipProb == 0;
    }

    /** True when some image may be transformed differently in another round. */
    public boolean isRandom() {
        return crop.isRandom() || (flipProb > 0 && flipProb < 1);
    }

    /** True when the crop sets the output size (S x S), so sources of any size are welcome. */
    public boolean setsSize() {
        return !crop.isNone();
    }

    /** The transform without randomness that evaluates a model trained with this one: no flip, {@link CropSpec#evalCounterpart()}. */
    public BaseTransform evalCounterpart() {
        return new BaseTransform(crop.evalCounterpart(), 0);
    }

    /**
     * Why an h x w source cannot go through this transform (one line that says how to fix it), or
     * null when it can.
     */
    public String refusal(int h, int w) {
        if (crop.kind() == CropSpec.Kind.RANDOM && (h + 2 * crop.padding() < crop.size() || w + 2 * crop.padding() < crop.size())) {
            return "image is " + h + "x" + w + ", smaller than the crop " + crop.size() + (crop.padding() > 0 ? " even with padding "
                    + crop.padding() : "") + "; use --crop resize-random:R," + crop.size() + " or random-resized:" + crop.size()
                    + " for images of mixed sizes";
        }
        return null;
    }

    /**
     * What one image gets in one round.
     *
     * @param h the source's height, w its width
     */
    public Draw draw(long seed, int round, long sourceId, int h, int w) {
        SplittableRandom rnd = new SplittableRandom(ImageSeed.of(seed ^ SALT, round, sourceId));
        int s = crop.size();
        Draw d = switch (crop.kind()) {
            case NONE, CENTER -> drawnAt(h, w, 0, 0, 0, 0, false);
            case RANDOM -> {
                int[] padded = {h + 2 * crop.padding(), w + 2 * crop.padding()};
                if (padded[0] < s || padded[1] < s) {
                    throw new IllegalArgumentException(refusal(h, w));
                }
                // RandomCrop.get_params: randint(0, H - S + 1) for the row, then the column.
                yield drawnAt(h, w, rnd.nextInt(padded[0] - s + 1), rnd.nextInt(padded[1] - s + 1), s, s, false);
            }
            case RANDOM_RESIZED -> {
                int[] box = ResizedCropSampler.sample(rnd, h, w, crop);
                yield drawnAt(h, w, box[0], box[1], box[2], box[3], false);
            }
            case RESIZE_RANDOM -> {
                int[] hw = ShorterSide.resized(h, w, crop.resize());
                yield drawnAt(h, w, rnd.nextInt(hw[0] - s + 1), rnd.nextInt(hw[1] - s + 1), s, s, false);
            }
        };
        boolean flipped = flipProb > 0 && rnd.nextDouble() < flipProb;
        return flipped ? d.flippedCopy() : d;
    }

    /**
     * The draw that torchvision's parameters give for an h x w source: (i, j, boxH, boxW) as the
     * crop's {@code get_params} returns them (for {@code random}, in the padded image; for
     * {@code resize-random}, in the resized image; for {@code random-resized}, the box in the
     * source), and the flip. {@code none} and {@code center} ignore (i, j, boxH, boxW).
     */
    public Draw drawnAt(int h, int w, int i, int j, int boxH, int boxW, boolean flipped) {
        int s = crop.size();
        Draw d = switch (crop.kind()) {
            case NONE -> Draw.window(h, w, 0, 0, h, w, h, w, 0, 0, h, w, false);
            // The window of the padded image, in the source's coordinates: the padding is what lies outside.
            case RANDOM -> Draw.window(h, w, 0, 0, h, w, h, w, i - crop.padding(), j - crop.padding(), s, s, false);
            case RANDOM_RESIZED -> Draw.window(h, w, i, j, boxH, boxW, s, s, 0, 0, s, s, false);
            case RESIZE_RANDOM -> {
                int[] hw = ShorterSide.resized(h, w, crop.resize());
                yield Draw.window(h, w, 0, 0, h, w, hw[0], hw[1], i, j, s, s, false);
            }
            case CENTER -> {
                int[] hw = crop.resize() > 0 ? ShorterSide.resized(h, w, crop.resize()) : new int[] {h, w};
                yield Draw.window(h, w, 0, 0, h, w, hw[0], hw[1], centerOffset(hw[0], s), centerOffset(hw[1], s), s, s, false);
            }
        };
        return flipped ? d.flippedCopy() : d;
    }

    /**
     * torchvision's {@code center_crop} offset along one side of length n for a crop of s: the rounded
     * half of the excess (Python's round: halves to even), or minus the left/top padding when the crop
     * is larger.
     */
    static int centerOffset(int n, int s) {
        if (s > n) {
            return -((s - n) / 2);
        }
        return (int) Math.rint((n - s) / 2.0);
    }

    /**
     * Applies a draw: {@code src} is the C x h x w source the draw was made for, {@code dst} receives
     * C x {@link Draw#oh()} x {@link Draw#ow()}.
     */
    public static void apply(Draw d, byte[] src, int channels, PillowResample resample, byte[] dst) {
        resample.resample(src, channels, d.h(), d.w(), d.sy(), d.sx(), d.sh(), d.sw(), d.outH(), d.outW(), d.oy(), d.ox(), d.oh(), d.ow(), dst);
        if (d.flipped()) {
            flip(dst, channels, d.oh(), d.ow());
        }
    }

    /** Mirrors every row in place ({@code F.hflip}). */
    public static void flip(byte[] img, int channels, int h, int w) {
        for (int r = 0; r < channels * h; r++) {
            int a = r * w;
            int b = a + w - 1;
            while (a < b) {
                byte t = img[a];
                img[a++] = img[b];
                img[b--] = t;
            }
        }
    }

    /** The one-line description for footers and summaries, e.g. {@code crop=random:28,pad=2 flip=0.5}. */
    @Override
    public String toString() {
        return "crop=" + crop + " flip=" + (flipProb == 0 ? "off" : Double.toString(flipProb));
    }

    /** Reads {@link #toString()}'s form back; null or blank (outputs made before transforms existed): {@link #NONE}. */
    public static BaseTransform parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        CropSpec crop = CropSpec.NONE;
        double flip = 0;
        for (String part : text.trim().split("\\s+")) {
            if (part.startsWith("crop=")) {
                crop = CropSpec.parse(part.substring(5));
            } else if (part.startsWith("flip=")) {
                String v = part.substring(5);
                flip = v.equals("off") ? 0 : Double.parseDouble(v);
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a transform (crop=... flip=...)");
            }
        }
        return new BaseTransform(crop, flip);
    }

    /** Hashes (seed, round, source id) into one image's seed. */
    static final class ImageSeed {
        private ImageSeed() {
        }

        static long of(long seed, int round, long sourceId) {
            long h = mix(seed ^ 0x9E3779B97F4A7C15L);
            h = mix(h ^ round);
            return mix(h ^ sourceId);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    /** torchvision's {@code Resize(R)} with one int: the shorter side to R, the longer in proportion (truncated). */
    public static final class ShorterSide {
        private ShorterSide() {
        }

        /** {height, width} after the resize. */
        public static int[] resized(int h, int w, int r) {
            int shorter = Math.min(h, w);
            int longer = Math.max(h, w);
            if (shorter == r) {
                return new int[] {h, w};
            }
            int newLong = (int) ((double) ((long) r * longer) / shorter);
            return w <= h ? new int[] {newLong, r} : new int[] {r, newLong};
        }
    }
}
