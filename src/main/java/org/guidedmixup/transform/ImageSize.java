package org.guidedmixup.transform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A height and a width written as HEIGHTxWIDTH ({@code 224x224}): the one reader of that form, for the
 * job's {@code resize} setting and the Transformer's {@code resize} Param.
 */
public record ImageSize(int height, int width) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*[xX]\\s*(\\d{1,9})\\s*");

    public ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("got " + height + "x" + width + ", height and width must be >= 1");
        }
    }

    /**
     * The size {@code text} names.
     *
     * @throws IllegalArgumentException with the reason, for anything but two positive whole numbers
     */
    public static ImageSize parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
            throw new IllegalArgumentException("got '" + text + "', expected HEIGHTxWIDTH such as 224x224");
        }
        return new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
