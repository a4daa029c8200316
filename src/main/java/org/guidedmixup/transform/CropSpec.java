package org.guidedmixup.transform;

import java.io.Serializable;
import java.util.Locale;

/**
 * The crop of the base transform, in torchvision's terms, parsed from its one-line form
 * ({@code --crop}):
 * <ul>
 *   <li>{@code none}: the image as it is;</li>
 *   <li>{@code random:S[,pad=P]}: {@code RandomCrop(S, padding=P)}, constant zero padding (CIFAR);</li>
 *   <li>{@code random-resized:S[,scale=A-B][,ratio=C-D]}: {@code RandomResizedCrop(S)}, defaults
 *       scale 0.08-1 and ratio 3/4-4/3 (ImageNet);</li>
 *   <li>{@code resize-random:R,S}: {@code Resize(R)} of the shorter side, then {@code RandomCrop(S)} (FGVC);</li>
 *   <li>{@code center:R,S}: {@code Resize(R)}, then {@code CenterCrop(S)}; {@code center:S}: {@code CenterCrop(S)}
 *       alone. Deterministic: the evaluation transforms.</li>
 * </ul>
 *
 * @param size    S, the side of the square output (0 for none)
 * @param padding P of {@code random}
 * @param resize  R of {@code resize-random} and {@code center} (0: no resize)
 */
public record CropSpec(Kind kind, int size, int padding, int resize, double scaleMin, double scaleMax,
                       double ratioMin, double ratioMax) implements Serializable {

    /** The crops there are. */
    public enum Kind {
        NONE("none"), RANDOM("random"), RANDOM_RESIZED("random-resized"), RESIZE_RANDOM("resize-random"), CENTER("center");

        public final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    public static final CropSpec NONE = new CropSpec(Kind.NONE, 0, 0, 0, 0, 0, 0, 0);
    /** What the forms look like, for error messages. */
    public static final String FORMS = "none, random:S[,pad=P], random-resized:S[,scale=A-B][,ratio=C-D], resize-random:R,S,"
            + " center:R,S or center:S";
    private static final int MAX_SIDE = 1 << 15;

    public CropSpec {
        if (kind != Kind.NONE && (size < 1 || size > MAX_SIDE)) {
            throw new IllegalArgumentException("crop size must be 1.." + MAX_SIDE + ", got " + size);
        }
        if (padding < 0 || padding > MAX_SIDE) {
            throw new IllegalArgumentException("crop padding must be 0.." + MAX_SIDE + ", got " + padding);
        }
        if (resize < 0 || resize > MAX_SIDE) {
            throw new IllegalArgumentException("crop resize must be 1.." + MAX_SIDE + ", got " + resize);
        }
        if ((kind == Kind.RESIZE_RANDOM || kind == Kind.CENTER) && resize > 0 && resize < size) {
            throw new IllegalArgumentException(kind.id + ":" + resize + "," + size + " resizes the shorter side to " + resize
                    + ", smaller than the crop " + size + "; give R >= S (e.g. " + kind.id + ":" + Math.round(size / 0.875) + "," + size + ")");
        }
        if (kind == Kind.RESIZE_RANDOM && resize < 1) {
            throw new IllegalArgumentException("resize-random needs R,S (resize the shorter side to R, then crop S)");
        }
        if (kind == Kind.RANDOM_RESIZED && !(scaleMin > 0 && scaleMin <= scaleMax && Double.isFinite(scaleMax))) {
            throw new IllegalArgumentException("random-resized scale must be A-B with 0 < A <= B, got " + scaleMin + "-" + scaleMax);
        }
        if (kind == Kind.RANDOM_RESIZED && !(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax))) {
            throw new IllegalArgumentException("random-resized ratio must be C-D with 0 < C <= D, got " + ratioMin + "-" + ratioMax);
        }
    }

    public static CropSpec random(int size, int padding) {
        return new CropSpec(Kind.RANDOM, size, padding, 0, 0, 0, 0, 0);
    }

    public static CropSpec randomResized(int size) {
        return randomResized(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    public static CropSpec randomResized(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        return new CropSpec(Kind.RANDOM_RESIZED, size, 0, 0, scaleMin, scaleMax, ratioMin, ratioMax);
    }

    public static CropSpec resizeRandom(int resize, int size) {
        return new CropSpec(Kind.RESIZE_RANDOM, size, 0, resize, 0, 0, 0, 0);
    }

    /** {@code Resize(resize)} then {@code CenterCrop(size)}; resize 0: the center crop alone. */
    public static CropSpec center(int resize, int size) {
        return new CropSpec(Kind.CENTER, size, 0, resize, 0, 0, 0, 0);
    }

    /**
     * Parses the one-line form.
     *
     * @throws IllegalArgumentException with a message that names the form expected
     */
    public static CropSpec parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("none")) {
            return NONE;
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a crop; expected one of " + FORMS);
        }
        String kind = t.substring(0, colon).trim();
        String[] parts = t.substring(colon + 1).split(",");
        try {
            switch (kind) {
                case "random": {
                    int size = side(parts[0], text);
                    int pad = 0;
                    for (int i = 1; i < parts.length; i++) {
                        String[] kv = option(parts[i], text);
                        if (!kv[0].equals("pad") && !kv[0].equals("padding")) {
                            throw unknown(kv[0], "pad", text);
                        }
                        pad = Integer.parseInt(kv[1]);
                    }
                    return random(size, pad);
                }
                case "random-resized": {
                    int size = side(parts[0], text);
                    double[] scale = {0.08, 1.0};
                    double[] ratio = {3.0 / 4.0, 4.0 / 3.0};
                    for (int i = 1; i < parts.length; i++) {
                        String[] kv = option(parts[i], text);
                        switch (kv[0]) {
                            case "scale" -> scale = range(kv[1], text);
                            case "ratio" -> ratio = range(kv[1], text);
                            default -> throw unknown(kv[0], "scale, ratio", text);
                        }
                    }
                    return randomResized(size, scale[0], scale[1], ratio[0], ratio[1]);
                }
                case "resize-random", "center": {
                    if (parts.length > 2 || (parts.length == 1 && kind.equals("resize-random"))) {
                        throw new IllegalArgumentException("'" + text + "': expected " + kind + ":R,S (resize the shorter side to R, then crop S"
                                + (kind.equals("center") ? "; or center:S to crop without resizing)" : ")"));
                    }
                    return parts.length == 1 ? center(0, side(parts[0], text))
                            : kind.equals("center") ? center(side(parts[0], text), side(parts[1], text))
                            : resizeRandom(side(parts[0], text), side(parts[1], text));
                }
                default:
                    throw new IllegalArgumentException("'" + kind + "' is not a crop; expected one of " + FORMS);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a number that is not one (" + e.getMessage() + "); expected one of " + FORMS);
        }
    }

    private static int side(String s, String text) {
        String v = s.trim();
        if (v.contains("x")) {
            throw new IllegalArgumentException("'" + text + "': crops are square, give one side S (e.g. 224), not " + v);
        }
        return Integer.parseInt(v);
    }

    private static String[] option(String part, String text) {
        int eq = part.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "': '" + part.trim() + "' is not NAME=VALUE; expected one of " + FORMS);
        }
        return new String[] {part.substring(0, eq).trim(), part.substring(eq + 1).trim()};
    }

    private static IllegalArgumentException unknown(String name, String allowed, String text) {
        return new IllegalArgumentException("'" + text + "': unknown option '" + name + "', allowed: " + allowed);
    }

    /** "A-B" where each end is a decimal or a fraction such as 3/4. */
    private static double[] range(String v, String text) {
        int dash = v.indexOf('-', 1);
        if (dash < 0) {
            throw new IllegalArgumentException("'" + text + "': '" + v + "' is not a range A-B (e.g. 0.08-1 or 3/4-4/3)");
        }
        return new double[] {number(v.substring(0, dash)), number(v.substring(dash + 1))};
    }

    private static double number(String s) {
        String v = s.trim();
        int slash = v.indexOf('/');
        return slash < 0 ? Double.parseDouble(v) : Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** True when the crop draws anything at random. */
    public boolean isRandom() {
        return kind == Kind.RANDOM || kind == Kind.RANDOM_RESIZED || kind == Kind.RESIZE_RANDOM;
    }

    /**
     * The deterministic crop that evaluates a model trained with this one, as the official code's
     * test transforms: {@code random-resized:S} gives {@code center:S/0.875,S} (224: 256), as
     * torchvision's and timm's recipes; {@code resize-random:R,S} gives {@code center:R,S};
     * {@code random:S} gives {@code center:S} (a no-op on S x S images, as CIFAR's test set has none).
     */
    public CropSpec evalCounterpart() {
        return switch (kind) {
            case NONE, CENTER -> this;
            case RANDOM -> center(0, size);
            case RANDOM_RESIZED -> center((int) Math.floor(size / 0.875), size);
            case RESIZE_RANDOM -> center(resize, size);
        };
    }

    /** The one-line form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case RANDOM -> "random:" + size + (padding > 0 ? ",pad=" + padding : "");
            case RANDOM_RESIZED -> "random-resized:" + size + ",scale=" + num(scaleMin) + "-" + num(scaleMax)
                    + ",ratio=" + num(ratioMin) + "-" + num(ratioMax);
            case RESIZE_RANDOM -> "resize-random:" + resize + "," + size;
            case CENTER -> "center:" + (resize > 0 ? resize + "," : "") + size;
        };
    }

    private static String num(double v) {
        if (Math.abs(v - 3.0 / 4.0) < 1e-15) {
            return "3/4";
        }
        if (Math.abs(v - 4.0 / 3.0) < 1e-15) {
            return "4/3";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
