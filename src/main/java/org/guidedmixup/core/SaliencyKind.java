package org.guidedmixup.core;

import java.util.Locale;

/** Which saliency a run uses: spectral residual (model-free) or input gradients of a model (Guided-AP). */
public enum SaliencyKind {
    /** Spectral residual of each image. */
    SR,
    /** The magnitude of the loss gradient with respect to the input, from a model (Guided-AP). */
    AP;

    /** The name in configuration, metadata and logs ("sr", "ap"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} ("sr", "ap", any case), or null when there is none. */
    public static SaliencyKind of(String id) {
        for (SaliencyKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        return null;
    }
}
