package org.guidedmixup.core;

import java.io.Serializable;
import java.util.Locale;

/**
 * What to do to each mini-batch: which pairing and mixing rule, how often, and how labels are made.
 * Validated on construction with messages a user can act on.
 *
 * @param numClasses     K, the length of soft-label vectors (labels must be below it)
 * @param pairing        greedy (Algorithm 1) or random
 * @param mixer          guided (GuidedMixup), mixup (Input Mixup) or cutmix
 * @param mixProb        probability that a batch is mixed; unmixed batches pass through clean
 * @param alpha          Beta(alpha, alpha) parameter of Input Mixup and CutMix (unused by guided)
 * @param labelSmoothing epsilon of timm-style smoothing applied to both one-hot targets before mixing
 */
public record MixupConfig(int numClasses, PairingKind pairing, MixerKind mixer, double mixProb, double alpha,
                          double labelSmoothing) implements Serializable {

    /** Pairing rules. */
    /**
     * The probability that a batch is mixed when nobody says otherwise: the official code's
     * {@code mixup_prob}, and the one default of the CLI ({@code conf/augment.conf}), the Spark ML
     * transformer and the DL4J pre-processor.
     */
    public static final double DEFAULT_MIX_PROB = 0.5;

    public enum PairingKind {
        GREEDY, RANDOM;

        public Pairing create() {
            return this == GREEDY ? new GreedyPairing() : new RandomPairing();
        }

        public static PairingKind parse(String s) {
            return parseEnum(PairingKind.class, "pairing", s);
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Mixing rules. */
    public enum MixerKind {
        GUIDED, MIXUP, CUTMIX;

        public Mixer create(double alpha) {
            return switch (this) {
                case GUIDED -> new SaliencyMixer();
                case MIXUP -> new InputMixup(alpha);
                case CUTMIX -> new CutMix(alpha);
            };
        }

        public static MixerKind parse(String s) {
            return parseEnum(MixerKind.class, "mixer", s);
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MixupConfig {
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be >= 1, got " + numClasses);
        }
        if (pairing == null || mixer == null) {
            throw new IllegalArgumentException("pairing and mixer must be set");
        }
        if (!(mixProb >= 0 && mixProb <= 1)) {
            throw new IllegalArgumentException("mix probability must be in [0, 1], got " + mixProb);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be finite and >= 0, got " + alpha);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /** Whether any batch can need saliency maps: some batches are mixed, and the pairing or the mixer reads maps. */
    public boolean usesSaliency() {
        return mixProb > 0 && (pairing.create().needsSaliency() || mixer.create(alpha).needsSaliency());
    }

    /** GuidedMixup as the paper's SR runs use it: greedy pairing, guided masks, given mix probability. */
    public static MixupConfig guided(int numClasses, double mixProb) {
        return new MixupConfig(numClasses, PairingKind.GREEDY, MixerKind.GUIDED, mixProb, 1.0, 0.0);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String what, String s) {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return e;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(what + " must be one of " + allowed + ", got '" + s + "'");
    }
}
