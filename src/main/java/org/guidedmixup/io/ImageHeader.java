package org.guidedmixup.io;

/**
 * What an encoded image's own bytes say about it, read without decoding: the format (from the
 * magic bytes, never from the file name, since datasets hold PNGs named {@code .jpg}), the size,
 * the colour components and, for JPEG, the Adobe marker and whether the file ends. The decoder
 * chooses its path from this, and checks the pixel limit before any pixel is decoded.
 *
 * @param format         JPEG, PNG or OTHER (BMP, GIF, ... or not an image: left to ImageIO)
 * @param width          in pixels; -1 when the header could not be read
 * @param height         in pixels; -1 when the header could not be read
 * @param components     JPEG: 1 (grey), 3 (YCbCr or RGB), 4 (CMYK or YCCK); PNG: 1 for grey and grey +
 *                       alpha, 3 for RGB, RGBA and palette
 * @param bitDepth       bits per sample (PNG: 1..16; JPEG: 8 or 12)
 * @param adobeTransform JPEG: the Adobe APP14 marker's transform (0 none, 1 YCbCr, 2 YCCK), -1 without one
 * @param complete       JPEG: an end-of-image marker follows the scan data (false for a truncated file);
 *                       PNG and others: true (their decoders detect truncation themselves)
 */
public record ImageHeader(Format format, int width, int height, int components, int bitDepth, int adobeTransform,
                          boolean complete) {

    /** The formats the decoder tells apart. */
    public enum Format { JPEG, PNG, OTHER }

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Whether the width and height were read. */
    public boolean sized() {
        return width > 0 && height > 0;
    }

    /** Grey in the sense of Pillow's modes "L" and "LA" (and ImageIO's grey colour space). */
    public boolean grey() {
        return components == 1;
    }

    /** A four-component JPEG: CMYK, or YCCK with an Adobe transform of 2. */
    public boolean cmyk() {
        return format == Format.JPEG && components == 4;
    }

    /** Reads the header of {@code b}; never throws (an unreadable header gives width and height -1). */
    public static ImageHeader read(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return jpeg(b);
        }
        if (b.length >= 8 && startsWith(b, PNG_MAGIC)) {
            return png(b);
        }
        return new ImageHeader(Format.OTHER, -1, -1, 0, 0, -1, true);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }

    /** PNG: the IHDR chunk, which the format requires first. */
    private static ImageHeader png(byte[] b) {
        if (b.length < 8 + 8 + 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return new ImageHeader(Format.PNG, -1, -1, 0, 0, -1, true);
        }
        long w = u32(b, 16);
        long h = u32(b, 20);
        int depth = b[24] & 0xff;
        int colourType = b[25] & 0xff;
        int components = colourType == 0 || colourType == 4 ? 1 : 3;
        return new ImageHeader(Format.PNG, (int) Math.min(w, Integer.MAX_VALUE), (int) Math.min(h, Integer.MAX_VALUE),
                components, depth, -1, true);
    }

    /**
     * JPEG: walks the markers up to the first scan (SOF gives size and components, APP14 the Adobe
     * transform), then looks for the end-of-image marker after it. Inside entropy-coded data a 0xFF
     * byte is always followed by 0x00 or a restart marker, so an FF D9 after the scan starts is the
     * end marker (an EXIF thumbnail's own comes before the scan).
     */
    private static ImageHeader jpeg(byte[] b) {
        int w = -1;
        int h = -1;
        int components = 0;
        int depth = 0;
        int adobe = -1;
        int i = 2;
        int scan = -1;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                break; // not at a marker: a damaged header; the decoder will say so
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                i += 2; // markers without a length
                continue;
            }
            int len = u16(b, i + 2);
            if (len < 2) {
                break;
            }
            int body = i + 4;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && body + 6 <= b.length && w < 0) {
                depth = b[body] & 0xff;
                h = u16(b, body + 1);
                w = u16(b, body + 3);
                components = b[body + 5] & 0xff;
            } else if (marker == 0xEE && len >= 14 && body + 12 <= b.length && b[body] == 'A' && b[body + 1] == 'd'
                    && b[body + 2] == 'o' && b[body + 3] == 'b' && b[body + 4] == 'e') {
                adobe = b[body + 11] & 0xff;
            } else if (marker == 0xDA) {
                scan = i;
                break;
            } else if (marker == 0xD9) {
                break;
            }
            i += 2 + len;
        }
        boolean complete = false;
        if (scan >= 0) {
            for (int j = b.length - 2; j > scan; j--) {
                if ((b[j] & 0xff) == 0xFF && (b[j + 1] & 0xff) == 0xD9) {
                    complete = true;
                    break;
                }
            }
        }
        // Height 0 means "defined by a DNL marker later", which neither Pillow nor we support.
        return new ImageHeader(Format.JPEG, w, h == 0 ? -1 : h, components, depth, adobe, complete);
    }
}
