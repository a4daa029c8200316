package org.guidedmixup.spark.readback;

import org.guidedmixup.core.MixupConfig.MixerKind;
import org.guidedmixup.core.SaliencyKind;

/**
 * What the read-back can show of how a run mixed its rows, so that {@code preview} and {@code export}
 * show what the job used, not a guess:
 * <ul>
 *   <li>GuidedMixup with SR saliency: both maps and the guided mask, recomputed exactly (SR depends on
 *       each image alone);</li>
 *   <li>GuidedMixup with AP saliency: the maps came from the model being trained at that moment, which
 *       the output does not keep, so maps and mask are not shown (and said so);</li>
 *   <li>CutMix: no saliency; the mask is the pasted box, found where the stored image differs from the
 *       source (0 inside the box);</li>
 *   <li>Input Mixup: no saliency; the mask is λ (the row's ratio) everywhere.</li>
 * </ul>
 */
public record Explanation(MixerKind mixer, SaliencyKind saliency) {

    /** How the run of {@code cfg} mixed. */
    public static Explanation of(org.guidedmixup.spark.config.AugmentConfig cfg) {
        return new Explanation(cfg.mixer(), cfg.saliency());
    }

    /** Whether the saliency maps (and the guided mask) are recomputed. */
    public boolean recomputesSaliency() {
        return mixer == MixerKind.GUIDED && saliency == SaliencyKind.SR;
    }

    /** Whether a mask is shown at all. */
    public boolean showsMask() {
        return mixer != MixerKind.GUIDED || saliency == SaliencyKind.SR;
    }

    /** The contact sheet's column headers. */
    public String[] headers() {
        String mask = switch (mixer) {
            case GUIDED -> "mask";
            case CUTMIX -> "mask (box)";
            case MIXUP -> "mask (λ)";
        };
        return new String[] {"source", "partner", "saliency src", "saliency partner", mask, "mixed"};
    }

    /** One line on what is not shown or not computed from saliency; null when everything is recomputed. */
    public String note() {
        if (recomputesSaliency()) {
            return null;
        }
        return switch (mixer) {
            case GUIDED -> "saliency ap: the run's gradient maps came from the model of that moment and are not shown,"
                    + " nor their masks";
            case CUTMIX -> "cutmix uses no saliency; the mask is the pasted box (black: the partner's pixels), as the pixels show it";
            case MIXUP -> "input mixup uses no saliency; the mask is λ, the row's ratio, everywhere";
        };
    }

    /** For export's meta.json: how the saliency arrays were obtained. */
    public String saliencyMeaning() {
        return recomputesSaliency() ? "sr, recomputed from the decoded input with the run's saliency-mean/std"
                : mixer == MixerKind.GUIDED ? "not shown (NaN): the run used ap, whose gradient maps came from the model of"
                + " that moment" : "not used by the " + mixer.id() + " mixer (NaN)";
    }

    /** For export's meta.json: what the mask arrays are. */
    public String maskMeaning() {
        return switch (mixer) {
            case GUIDED -> saliency == SaliencyKind.SR ? "z_source / (z_source + z_partner) of the recomputed maps"
                    : "not shown (NaN): it came from the ap maps";
            case CUTMIX -> "the pasted box: 0 inside the bounding box of the pixels where the stored image differs from the source"
                    + " (where source and partner agree along its edge, the box found is that much smaller), else 1";
            case MIXUP -> "lambda (the row's ratio) everywhere";
        };
    }
}
