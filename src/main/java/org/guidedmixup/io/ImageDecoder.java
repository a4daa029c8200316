package org.guidedmixup.io;

import org.guidedmixup.transform.PillowResample;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns a {@link SourceRecord} into uint8 C x H x W pixels of the run's {@link ImageSpec}, or into a
 * reject with its reason: missing or unreadable file, bytes that are no image, a damaged image, a
 * header declaring more pixels than allowed, a size other than the run's without {@code --resize},
 * a label out of range.
 *
 * <p>The format comes from the bytes ({@link ImageHeader}). JPEG and 8-bit PNG decode through
 * libjpeg-turbo and libpng ({@link NativeImages}), with Pillow's pixels: what
 * {@code Image.open(f).convert("RGB")} gives, CMYK and YCCK JPEGs included ({@link CmykJpeg}). A
 * JPEG is damaged when libjpeg fails or its end marker is missing (Pillow: "image file is
 * truncated"); libjpeg's warnings about corrupt data, which Pillow ignores, are not rejects. Other
 * formats (BMP, 16-bit PNG) and machines without the natives use ImageIO, where any decoder
 * warning counts as damage.
 *
 * <p>Grey images keep their exact sample values; colour images go to grey with ITU-R 601 weights
 * (as PIL's {@code convert("L")}); grey to RGB repeats the plane; alpha is dropped.
 */
public final class ImageDecoder {
    static {
        // No temp files per image: everything is decoded from memory.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /** Thrown inside decoding for a record that must be rejected. */
    static final class RejectException extends Exception {
        private static final long serialVersionUID = 1L;

        final RejectKind kind;

        RejectException(RejectKind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }
    }

    /** The natural shape of a record's image: channels 1 when grey, 3 otherwise. */
    public record Shape(int channels, int height, int width) {
    }

    /** Decodes and fits one record, or rejects it. Never throws for bad data. */
    public static DecodedImage decode(SourceRecord r, ImageSpec spec, int numClasses) {
        long t0 = System.nanoTime();
        try {
            return decode(r, spec, numClasses, false);
        } finally {
            NANOS.get()[0] += System.nanoTime() - t0;
        }
    }

    /**
     * The verdict {@link #decode} would give, without keeping the pixels: the same reject, or an
     * image with an empty pixel array and the size it would have. A JPEG is decoded at 1/8 scale for
     * this: libjpeg's fatal errors (markers, tables) and its entropy decoding do not depend on the
     * scale, and truncation, size and pixel limit come from the header, so the verdict is the same
     * at a fraction of the cost. Runs that read their records by path check every record once, then
     * decode each image in the round that uses it.
     */
    public static DecodedImage check(SourceRecord r, ImageSpec spec, int numClasses) {
        return decode(r, spec, numClasses, true);
    }

    private static final byte[] NO_PIXELS = new byte[0];
    private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

    /** Nanoseconds this thread has spent in {@link #decode} (reading, decoding, fitting), for per-stage figures. */
    public static long threadDecodeNanos() {
        return NANOS.get()[0];
    }

    private static DecodedImage decode(SourceRecord r, ImageSpec spec, int numClasses, boolean checkOnly) {
        if (r.rejectReason != null) {
            return DecodedImage.rejected(r, r.rejectKind, r.rejectReason);
        }
        if (r.label < 0 || r.label >= numClasses) {
            return DecodedImage.rejected(r, RejectKind.LABEL_OUT_OF_RANGE, "label " + r.label + " out of range: this run has " + numClasses
                    + " classes (labels 0.." + (numClasses - 1) + "); set --num-classes or fix the label");
        }
        try {
            byte[] chw;
            int h;
            int w;
            if (r.isRaw()) {
                h = r.rawHeight;
                w = r.rawWidth;
                chw = convertChannels(r.bytes, r.rawChannels, spec.channels(), h * w);
            } else {
                byte[] bytes = bytesOf(r);
                ImageHeader header = ImageHeader.read(bytes);
                int reduce = 1;
                if (checkOnly) {
                    reduce = 8;
                } else if (spec.draft()) {
                    reduce = header.sized() ? spec.draftScale(header.height(), header.width()) : 1;
                }
                if (!checkOnly && spec.resize() && !spec.keepsSourceSize()) {
                    Decoded resized = resizedFromInterleaved(bytes, header, spec, reduce);
                    if (resized != null) {
                        return DecodedImage.ok(r, resized.chw(), spec.height(), spec.width());
                    }
                }
                Decoded px = decodeBytes(bytes, header, spec.channels(), spec.maxPixels(), reduce);
                // The size checks are the source's; a drafted image goes on at its reduced size.
                h = checkOnly ? px.sourceHeight() : px.height();
                w = checkOnly ? px.sourceWidth() : px.width();
                chw = checkOnly ? NO_PIXELS : px.chw();
            }
            if (spec.keepsSourceSize()) {
                // The crop sizes the image in its batch, drawn per round; the source is kept whole.
                String refusal = spec.transform().refusal(h, w);
                if (refusal != null) {
                    throw new RejectException(RejectKind.WRONG_SIZE, refusal);
                }
                return DecodedImage.ok(r, checkOnly ? NO_PIXELS : chw, h, w);
            }
            if (h != spec.height() || w != spec.width()) {
                if (!spec.resize()) {
                    throw new RejectException(RejectKind.WRONG_SIZE, "image is " + h + "x" + w + " but this run's images are " + spec.height()
                            + "x" + spec.width() + "; pass --resize " + spec.height() + "x" + spec.width()
                            + " to resize such images");
                }
                chw = checkOnly ? NO_PIXELS : resize(chw, spec.channels(), h, w, spec.height(), spec.width());
            }
            return DecodedImage.ok(r, checkOnly ? NO_PIXELS : chw, spec.height(), spec.width());
        } catch (RejectException e) {
            return DecodedImage.rejected(r, e.kind, e.getMessage());
        }
    }

    /** The natural shape of a record, for choosing a run's channels and size from its first image. */
    public static Shape probe(SourceRecord r, long maxPixels) throws IOException {
        if (r.rejectReason != null) {
            throw new IOException(r.rejectReason);
        }
        if (r.isRaw()) {
            return new Shape(r.rawChannels, r.rawHeight, r.rawWidth);
        }
        try {
            byte[] bytes = bytesOf(r);
            ImageHeader header = ImageHeader.read(bytes);
            if (header.format() == ImageHeader.Format.OTHER) {
                BufferedImage img = readImage(bytes, maxPixels);
                return new Shape(isGrey(img) ? 1 : 3, img.getHeight(), img.getWidth());
            }
            // Decoded whole, so that a damaged first image is not taken for the run's shape.
            int channels = header.grey() ? 1 : 3;
            Decoded px = decodeBytes(bytes, channels, maxPixels, 1);
            return new Shape(channels, px.height(), px.width());
        } catch (RejectException e) {
            throw new IOException(e.getMessage());
        }
    }

    static byte[] bytesOf(SourceRecord r) throws RejectException {
        if (r.bytes != null) {
            return r.bytes;
        }
        if (r.path == null) {
            throw new RejectException(RejectKind.OTHER, "record has neither bytes nor a path");
        }
        try {
            return InputFiles.isUri(r.path) ? InputFiles.read(r.path) : Files.readAllBytes(Path.of(r.path));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new RejectException(RejectKind.FILE_NOT_FOUND, "file not found: " + r.path);
        } catch (IOException | SecurityException e) {
            throw new RejectException(RejectKind.UNREADABLE_FILE, "cannot read file " + r.path + ": " + e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            throw new RejectException(RejectKind.BAD_FILE_NAME, "file name cannot be used on this machine (" + e.getReason() + "): " + r.path
                    + "; rename the file, or run under a UTF-8 locale");
        }
    }

    static BufferedImage readImage(byte[] bytes, long maxPixels) throws RejectException {
        if (bytes.length == 0) {
            throw new RejectException(RejectKind.EMPTY_FILE, "empty file: 0 bytes");
        }
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new RejectException(RejectKind.NOT_AN_IMAGE, "not a PNG, JPEG or BMP image: unrecognised bytes (" + bytes.length + " bytes)");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || (long) w * h > maxPixels) {
                    throw new RejectException(RejectKind.TOO_MANY_PIXELS, format + " declares " + w + "x" + h + " = " + ((long) w * h)
                            + " pixels, over the limit of " + maxPixels + " (max-pixels)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new RejectException(RejectKind.DAMAGED_IMAGE, "damaged " + format + " image: " + warnings.get(0));
                }
                return img;
            } catch (IOException | RuntimeException e) {
                if (format.equals("JPEG") && String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                    // The JDK's JPEG reader has no CMYK/YCCK colour conversion.
                    throw new RejectException(RejectKind.UNSUPPORTED_IMAGE, "unsupported JPEG colour space (CMYK or YCCK, as print workflows write):"
                            + " convert the file to RGB");
                }
                throw new RejectException(RejectKind.DAMAGED_IMAGE, "damaged " + format + " image: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new RejectException(RejectKind.NOT_AN_IMAGE, "cannot decode image: " + e.getMessage());
        }
    }

    static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** C x H x W bytes of an image converted to {@code channels}. */
    static byte[] toChannels(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        int hw = w * h;
        byte[] out = new byte[channels * hw];
        if (isGrey(img)) {
            Raster raster = img.getRaster();
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (row[x] >>> shift);
                    for (int c = 0; c < channels; c++) {
                        out[c * hw + y * w + x] = v;
                    }
                }
            }
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < hw; p++) {
            int v = argb[p];
            int r = (v >>> 16) & 0xff;
            int g = (v >>> 8) & 0xff;
            int b = v & 0xff;
            if (channels == 3) {
                out[p] = (byte) r;
                out[hw + p] = (byte) g;
                out[2 * hw + p] = (byte) b;
            } else {
                out[p] = (byte) luma(r, g, b);
            }
        }
        return out;
    }

    /** PIL's L = R*299/1000 + G*587/1000 + B*114/1000 in its fixed-point form. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    static byte[] convertChannels(byte[] chw, int from, int to, int hw) {
        if (from == to) {
            return chw;
        }
        byte[] out = new byte[to * hw];
        if (from == 1) {
            for (int c = 0; c < to; c++) {
                System.arraycopy(chw, 0, out, c * hw, hw);
            }
        } else {
            for (int p = 0; p < hw; p++) {
                out[p] = (byte) luma(chw[p] & 0xff, chw[hw + p] & 0xff, chw[2 * hw + p] & 0xff);
            }
        }
        return out;
    }

    /** {@code --resize}: Pillow's antialiased bilinear, as {@code Image.resize((tw, th), BILINEAR)}. */
    static byte[] resize(byte[] chw, int channels, int h, int w, int th, int tw) {
        byte[] out = new byte[channels * th * tw];
        RESAMPLE.get().resize(chw, channels, h, w, th, tw, out);
        return out;
    }

    private static final ThreadLocal<PillowResample> RESAMPLE = ThreadLocal.withInitial(PillowResample::new);

    /**
     * {@link #decodeStored} for a handful of images on a driver (the preview, {@code explain}): a PNG
     * through ImageIO, which the contact sheet loads anyway, instead of OpenCV, whose libraries take
     * about a second to load for a dozen images. The same pixels: PNG is lossless.
     */
    public static byte[] decodeStoredFew(byte[] encoded, int channels) {
        if (ImageHeader.read(encoded).format() != ImageHeader.Format.PNG) {
            return decodeStored(encoded, channels);
        }
        try {
            return toChannels(readImage(encoded, Long.MAX_VALUE), channels);
        } catch (RejectException e) {
            throw new IllegalArgumentException("stored image: " + e.getMessage());
        }
    }

    /** Decodes a shard's stored image, PNG or JPEG (any format ImageIO reads), back to C x H x W bytes. */
    public static byte[] decodeStored(byte[] encoded, int channels) {
        try {
            return decodeBytes(encoded, channels, Long.MAX_VALUE, 1).chw();
        } catch (RejectException e) {
            throw new IllegalArgumentException("stored image: " + e.getMessage());
        }
    }

    /**
     * Pixels decoded from an encoded image: C x H x W with the channels asked for, and the size of
     * the image itself (larger when decoded at a reduced scale).
     */
    record Decoded(byte[] chw, int height, int width, int sourceHeight, int sourceWidth) {
        Decoded(byte[] chw, int height, int width) {
            this(chw, height, width, height, width);
        }
    }

    /**
     * Decodes an encoded image to {@code channels} (1 or 3). The format comes from the bytes
     * ({@link ImageHeader}), never from a file name. JPEG (CMYK and YCCK included) and 8-bit or
     * palette PNG take the native codec ({@link NativeImages}); other formats and PNG depths, and
     * every format where the natives cannot load, take ImageIO. A JPEG without its end marker is
     * damaged (Pillow: "image file is truncated"); libjpeg would pad it with grey.
     *
     * @param reduce for a JPEG, decode at 1/reduce of the size in the DCT domain (1, 2, 4, 8)
     */
    static Decoded decodeBytes(byte[] bytes, int channels, long maxPixels, int reduce) throws RejectException {
        return decodeBytes(bytes, ImageHeader.read(bytes), channels, maxPixels, reduce);
    }

    /** {@link #decodeBytes(byte[], int, long, int)} with the header already read. */
    private static Decoded decodeBytes(byte[] bytes, ImageHeader header, int channels, long maxPixels, int reduce)
            throws RejectException {
        if (bytes.length == 0) {
            throw new RejectException(RejectKind.EMPTY_FILE, "empty file: 0 bytes");
        }
        if (!decodedNatively(header)) {
            BufferedImage img = readImage(bytes, maxPixels);
            return new Decoded(toChannels(img, channels), img.getHeight(), img.getWidth());
        }
        checkHeader(header, maxPixels);
        NativeImages.Pixels px = decodeInterleaved(bytes, header, reduce);
        Decoded d = fromInterleaved(px.hwc(), px.height(), px.width(), px.channels(), !header.cmyk(), channels);
        return new Decoded(d.chw(), d.height(), d.width(), header.height(), header.width());
    }

    /**
     * The one routing rule: JPEG (CMYK through its raw raster) and 8-bit or palette PNG with a
     * readable size take {@link #decodeInterleaved}; everything else, and every format where the
     * natives cannot load, takes ImageIO.
     */
    private static boolean decodedNatively(ImageHeader header) {
        boolean jpeg = header.format() == ImageHeader.Format.JPEG;
        boolean nativePng = header.format() == ImageHeader.Format.PNG
                && (header.bitDepth() == 8 || header.components() == 3 && header.bitDepth() < 8);
        return header.sized() && (jpeg && (NativeImages.jpegAvailable() || header.cmyk())
                || nativePng && NativeImages.available());
    }

    /** The rejects the header alone decides for a natively decoded image: over the pixel limit, a JPEG cut short. */
    private static void checkHeader(ImageHeader header, long maxPixels) throws RejectException {
        long pixels = (long) header.width() * header.height();
        if (pixels > maxPixels) {
            throw new RejectException(RejectKind.TOO_MANY_PIXELS, header.format() + " declares " + header.width() + "x"
                    + header.height() + " = " + pixels + " pixels, over the limit of " + maxPixels + " (max-pixels)");
        }
        if (header.format() == ImageHeader.Format.JPEG && !header.complete()) {
            throw new RejectException(RejectKind.DAMAGED_IMAGE, "damaged JPEG image: truncated (no end-of-image marker"
                    + " after the scan data); the file was cut short");
        }
    }

    /** A checked JPEG or native PNG to interleaved pixels (BGR, or RGB for CMYK, or grey). */
    private static NativeImages.Pixels decodeInterleaved(byte[] bytes, ImageHeader header, int reduce) throws RejectException {
        if (header.cmyk()) {
            try {
                return new NativeImages.Pixels(CmykJpeg.decodeRgb(bytes, header), header.height(), header.width(), 3);
            } catch (IOException | RuntimeException e) {
                throw new RejectException(RejectKind.DAMAGED_IMAGE, "damaged JPEG image (CMYK): " + e.getMessage());
            }
        }
        boolean jpeg = header.format() == ImageHeader.Format.JPEG;
        NativeImages.Pixels px = jpeg
                ? NativeImages.get().decodeJpeg(bytes, header.width(), header.height(), header.grey(), reduce)
                : NativeImages.get().decode(bytes, header.grey(), 1);
        if (px == null) {
            throw new RejectException(RejectKind.DAMAGED_IMAGE, "damaged " + header.format() + " image: the decoder could not read it");
        }
        return px;
    }

    /**
     * {@code --resize} straight from the decoder's interleaved pixels when the image's channels are
     * the run's (the common case: colour photos in an RGB run): Pillow's two passes read the
     * interleaved samples, so the whole source is never converted to planes first (the same sums).
     * Null when this image takes the general path (another format, a channel conversion, the size
     * already right).
     */
    private static Decoded resizedFromInterleaved(byte[] bytes, ImageHeader header, ImageSpec spec, int reduce)
            throws RejectException {
        if (!decodedNatively(header) || (header.grey() ? 1 : 3) != spec.channels()) {
            return null;
        }
        checkHeader(header, spec.maxPixels());
        NativeImages.Pixels px = decodeInterleaved(bytes, header, reduce);
        if (px.height() == spec.height() && px.width() == spec.width()) {
            return null;
        }
        byte[] out = new byte[spec.length()];
        RESAMPLE.get().resizeInterleaved(px.hwc(), px.channels(), !header.cmyk(), px.height(), px.width(), spec.height(),
                spec.width(), out);
        return new Decoded(out, spec.height(), spec.width(), header.height(), header.width());
    }

    /** H x W x C (grey, RGB or BGR) to C x H x W with {@code channels}: grey repeated, colour to grey by PIL's weights. */
    private static Decoded fromInterleaved(byte[] hwc, int h, int w, int from, boolean bgr, int channels) {
        int hw = h * w;
        byte[] out = new byte[channels * hw];
        if (from == 1) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(hwc, 0, out, c * hw, hw);
            }
        } else {
            int ri = bgr ? 2 : 0;
            int bi = bgr ? 0 : 2;
            if (channels == 3) {
                for (int p = 0, i = 0; p < hw; p++, i += 3) {
                    out[p] = hwc[i + ri];
                    out[hw + p] = hwc[i + 1];
                    out[2 * hw + p] = hwc[i + bi];
                }
            } else {
                for (int p = 0, i = 0; p < hw; p++, i += 3) {
                    out[p] = (byte) luma(hwc[i + ri] & 0xff, hwc[i + 1] & 0xff, hwc[i + bi] & 0xff);
                }
            }
        }
        return new Decoded(out, h, w);
    }
}
