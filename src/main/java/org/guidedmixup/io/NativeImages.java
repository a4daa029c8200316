package org.guidedmixup.io;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG and PNG through the system's libjpeg-turbo ({@link TurboJpeg}, JPEG only, where it loads) and
 * OpenCV's imgcodecs (JavaCPP's {@code org.bytedeco:opencv} preset), whose
 * JPEG codec is libjpeg-turbo, the library inside Pillow: the same integer IDCT and fancy
 * upsampling, so the same pixels as {@code Image.open(f).convert("RGB")} (pinned by
 * {@code PillowDecodeFidelityTest} on real photos, grey and progressive files). Measured on the
 * 3 000 photos of docs/performance.md it decodes 2-3x faster than ImageIO.
 *
 * <p>JPEG takes TurboJPEG where it loads, else OpenCV: the same pixels and bytes either way, so a
 * cluster whose machines differ writes the same shards. Where neither loads (a platform other than
 * Linux x86-64 without libturbojpeg), {@link #jpegAvailable()} is false and the decoder uses ImageIO,
 * once warned. One instance per thread: it keeps its native buffers ({@link #get()}).
 */
final class NativeImages {
    private static final Logger LOG = LoggerFactory.getLogger(NativeImages.class);
    private static final ThreadLocal<NativeImages> PER_THREAD = ThreadLocal.withInitial(NativeImages::new);

    /** OpenCV's input buffer, made at its first use (TurboJPEG alone needs no JavaCPP). */
    private BytePointer in;
    /** The last decoded image's pixels (reused: a 224 px photo's source is ~400 KB, allocated per image otherwise). */
    private byte[] pixels = new byte[0];
    /** OpenCV's output, made at the first OpenCV decode (TurboJPEG alone needs no OpenCV). */
    private Mat out;

    private NativeImages() {
    }

    /**
     * OpenCV, loaded at its first use: loading its libraries takes about a second per JVM (every
     * executor's), which a run whose JPEGs all go through TurboJPEG never needs.
     */
    private static final class OpenCv {
        static final String UNAVAILABLE = unavailableReason();
    }

    private static String unavailableReason() {
        if (Boolean.getBoolean("guidedmixup.imageio")) {
            return "guidedmixup.imageio is set";
        }
        try {
            Loader.load(opencv_imgcodecs.class);
            return null;
        } catch (Throwable e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("OpenCV's image codecs could not load ({}); decoding with ImageIO, several times slower", reason);
            return reason;
        }
    }

    /** Whether OpenCV's codecs loaded in this JVM (PNG, and JPEG without TurboJPEG). */
    static boolean available() {
        return OpenCv.UNAVAILABLE == null;
    }

    /** Whether JPEG decodes and encodes natively: TurboJPEG or OpenCV. */
    static boolean jpegAvailable() {
        return Turbo.LOADED || available();
    }

    /** Which library does JPEG, for logs and {@code bench}: "turbojpeg (path)", "opencv" or "imageio". */
    static String jpegLibrary() {
        return Turbo.LOADED ? "turbojpeg " + Turbo.PATH : available() ? "opencv" : "imageio";
    }

    /** TurboJPEG, bound at the first JPEG ({@code -Dguidedmixup.turbojpeg=off} keeps OpenCV). */
    private static final class Turbo {
        static final String PATH = bind();
        static final boolean LOADED = PATH != null;

        private static String bind() {
            if ("off".equals(System.getProperty("guidedmixup.turbojpeg"))) {
                return null;
            }
            try {
                return TurboJpeg.load();
            } catch (Throwable e) {
                LOG.info("JPEG through OpenCV's libjpeg-turbo, built without SIMD (the same pixels, about 2x slower to"
                        + " decode): the system's TurboJPEG did not load ({}). On Debian/Ubuntu: apt-get install"
                        + " libturbojpeg0", e.getMessage());
                return null;
            }
        }
    }

    /** This thread's instance (only when {@link #available()}). */
    static NativeImages get() {
        return PER_THREAD.get();
    }

    /**
     * A decoded image: interleaved H x W x C pixels, C 1 (grey) or 3 (in B, G, R order). From
     * {@link #decode}, {@code hwc} is this thread's buffer (maybe longer than H x W x C): valid until
     * its next decode.
     */
    record Pixels(byte[] hwc, int height, int width, int channels) {
    }

    /**
     * Decodes {@code bytes} as grey (one component) or BGR, at 1/{@code reduce} of its size in the
     * DCT domain for a JPEG ({@code reduce} 1, 2, 4 or 8; libjpeg's scaled IDCT, as Pillow's
     * {@code draft}). EXIF orientation is ignored, as Pillow's {@code open} ignores it.
     *
     * @return null when the codec refuses the data (a damaged file)
     */
    Pixels decode(byte[] bytes, boolean grey, int reduce) {
        if (out == null) {
            out = new Mat();
        }
        int flags = (grey ? opencv_imgcodecs.IMREAD_GRAYSCALE : opencv_imgcodecs.IMREAD_COLOR)
                | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
        switch (reduce) {
            case 1 -> { }
            case 2 -> flags |= opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
            case 4 -> flags |= opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
            case 8 -> flags |= opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
            default -> throw new IllegalArgumentException("reduce must be 1, 2, 4 or 8, got " + reduce);
        }
        in = fit(in, bytes.length);
        in.position(0).put(bytes, 0, bytes.length);
        // OpenCV 4.5 leaves its output as it was when a header does not parse: emptied first, so a
        // damaged file never comes back as the thread's previous image.
        out.release();
        try (Mat buf = new Mat(1, bytes.length, opencv_core.CV_8UC1, in)) {
            Mat m = opencv_imgcodecs.imdecode(buf, flags, out);
            if (m == null || m.empty() || m.depth() != opencv_core.CV_8U) {
                return null;
            }
            int c = m.channels();
            int h = m.rows();
            int w = m.cols();
            int n = h * w * c;
            if (pixels.length < n) {
                pixels = new byte[Math.max(n, pixels.length + pixels.length / 2)];
            }
            m.data().position(0).get(pixels, 0, n);
            return new Pixels(pixels, h, w, c);
        } catch (RuntimeException e) {
            return null; // cv::Exception from a codec: damaged data
        }
    }

    private static BytePointer fit(BytePointer p, long size) {
        if (p != null && p.capacity() >= size) {
            return p;
        }
        long capacity = p == null ? size : Math.max(size, 2 * p.capacity());
        if (p != null) {
            p.close();
        }
        return new BytePointer(capacity);
    }

    /**
     * A JPEG of {@code width} x {@code height} (from its header) decoded as {@link #decode} does: by
     * TurboJPEG where it loaded and picks libjpeg's scale for {@code reduce}, else by OpenCV. A file
     * libjpeg warns about goes to OpenCV too (see {@link TurboJpeg#decode}); without OpenCV it counts
     * as damaged.
     */
    Pixels decodeJpeg(byte[] bytes, int width, int height, boolean grey, int reduce) {
        if (Turbo.LOADED) {
            boolean sameScale = TurboJpeg.sameScale(width, height, reduce);
            if (sameScale || !available()) {
                // Without OpenCV, a tiny image whose scale TurboJPEG would pick otherwise is decoded
                // whole: the caller resizes it all the same.
                Pixels px = TurboJpeg.get().decode(bytes, width, height, grey, sameScale ? reduce : 1, pixels);
                if (px != null) {
                    pixels = px.hwc();
                    return px;
                }
                if (!available()) {
                    return null;
                }
            }
        }
        return decode(bytes, grey, reduce);
    }

    /**
     * Baseline JPEG of uint8 C x H x W pixels (C 1 or 3) at {@code quality}, with libjpeg-turbo's
     * standard tables; colour as YCbCr with 4:2:0 chroma subsampling, OpenCV 4.5's only choice.
     */
    byte[] encodeJpeg(byte[] chw, int channels, int height, int width, int quality, byte[] hwcScratch) {
        int hw = height * width;
        byte[] hwc = hwcScratch;
        if (channels == 1) {
            System.arraycopy(chw, 0, hwc, 0, hw);
        } else {
            for (int p = 0, o = 0; p < hw; p++, o += 3) {
                hwc[o] = chw[2 * hw + p]; // B
                hwc[o + 1] = chw[hw + p];
                hwc[o + 2] = chw[p];
            }
        }
        if (Turbo.LOADED) {
            return TurboJpeg.get().encode(hwc, channels, height, width, quality);
        }
        return openCvJpeg(hwc, channels, height, width, quality);
    }

    /** {@link #encodeJpeg} by OpenCV, from grey or BGR interleaved pixels. */
    byte[] openCvJpeg(byte[] hwc, int channels, int height, int width, int quality) {
        int len = height * width * channels;
        in = fit(in, len);
        in.position(0).put(hwc, 0, len);
        try (Mat img = new Mat(height, width, channels == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3, in);
             BytePointer encoded = new BytePointer();
             IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
            if (!opencv_imgcodecs.imencode(".jpg", img, encoded, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + height + "x" + width + " JPEG");
            }
            byte[] bytes = new byte[(int) encoded.limit()];
            encoded.position(0).get(bytes);
            return bytes;
        }
    }
}
