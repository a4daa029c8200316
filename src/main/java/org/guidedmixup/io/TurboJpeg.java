package org.guidedmixup.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JPEG through the system's libjpeg-turbo (its TurboJPEG API, {@code libturbojpeg.so.0}: Debian's
 * {@code libturbojpeg0}), called through JNA's direct mapping (the JNA that ND4J already brings;
 * no JVM flag, no compiled glue). Why beside
 * {@link NativeImages}: the libjpeg-turbo inside OpenCV 4.5.5's preset is built without its SIMD
 * code, and newer presets need a JavaCPP that DL4J M2.1 does not take; the system's library has it,
 * and decodes the photos of docs/performance.md about 2x faster. It is the same library Pillow
 * links, with the same defaults (integer IDCT, fancy upsampling, scaled IDCT for draft), so the
 * pixels are the same as OpenCV's and Pillow's ({@code PillowDecodeFidelityTest} runs both paths).
 * Encoding asks for the integer DCT (TurboJPEG picks the fast DCT below quality 96 otherwise), so
 * the bytes equal OpenCV's {@code imencode}.
 *
 * <p>Bound only through {@link NativeImages}: where the library is missing (or older than 2.0), this
 * class is never used and OpenCV decodes instead. One instance per thread (native buffers and
 * TurboJPEG handles; JNA frees the buffers with the instance, a cleaner the handles).
 */
final class TurboJpeg {
    /** The TurboJPEG constants used here (turbojpeg.h, libjpeg-turbo 2.0 and later). */
    private static final int TJPF_BGR = 1;
    private static final int TJPF_GRAY = 6;
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    private static final int TJFLAG_NOREALLOC = 1024;
    private static final int TJFLAG_ACCURATEDCT = 4096;
    /** TurboJPEG's scaling factors as num/denom, largest first (tjGetScalingFactors, 2.x). */
    private static final int[][] FACTORS = {
        {2, 1}, {15, 8}, {7, 4}, {13, 8}, {3, 2}, {11, 8}, {5, 4}, {9, 8}, {1, 1}, {7, 8}, {3, 4}, {5, 8}, {1, 2},
        {3, 8}, {1, 4}, {1, 8}};
    private static final Cleaner CLEANER = Cleaner.create();

    private static String boundPath;

    private final Pointer decompressor;
    private final Pointer compressor;
    private final Memory outPointer = new Memory(16);
    private Memory in = new Memory(1 << 16);
    private Memory out = new Memory(1 << 16);

    /** The TurboJPEG functions used, bound by {@link #load()} (JNA direct mapping: one JNI call each). */
    private static final class Api {
        static native Pointer tjInitDecompress();

        static native Pointer tjInitCompress();

        static native int tjDestroy(Pointer handle);

        static native int tjDecompress2(Pointer handle, Pointer jpegBuf, long jpegSize, Pointer dstBuf, int width,
                int pitch, int height, int pixelFormat, int flags);

        static native int tjCompress2(Pointer handle, Pointer srcBuf, int width, int pitch, int height, int pixelFormat,
                Pointer jpegBuf, Pointer jpegSize, int jpegSubsamp, int jpegQual, int flags);

        static native long tjBufSize(int width, int height, int jpegSubsamp);
    }

    private TurboJpeg() {
        decompressor = Api.tjInitDecompress();
        compressor = Api.tjInitCompress();
        if (decompressor == null || compressor == null) {
            throw new IllegalStateException("TurboJPEG could not create a handle");
        }
        Pointer d = decompressor;
        Pointer c = compressor;
        CLEANER.register(this, () -> {
            Api.tjDestroy(d);
            Api.tjDestroy(c);
        });
    }

    /**
     * Binds the library once per JVM: {@code guidedmixup.turbojpeg} names its file, else the usual
     * places of {@code libturbojpeg.so.0} are tried. Returns the file bound; throws with the reason
     * (no library, a library without the 2.x functions, a platform whose C long is not 64 bits).
     */
    static synchronized String load() {
        if (boundPath != null) {
            return boundPath;
        }
        if (Native.LONG_SIZE != 8) {
            throw new IllegalStateException("a C long of " + Native.LONG_SIZE + " bytes (the binding takes 8)");
        }
        Path file = find();
        NativeLibrary library = NativeLibrary.getInstance(file.toString());
        for (String f : new String[] {"tjInitDecompress", "tjInitCompress", "tjDestroy", "tjDecompress2", "tjCompress2",
            "tjBufSize"}) {
            try {
                library.getFunction(f);
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException(file + " has no " + f + " (libjpeg-turbo 2.0 or later is needed)");
            }
        }
        Native.register(Api.class, library);
        boundPath = file.toString();
        return boundPath;
    }

    private static Path find() {
        String named = System.getProperty("guidedmixup.turbojpeg", "");
        if (!named.isEmpty()) {
            Path p = Path.of(named);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("guidedmixup.turbojpeg names " + named + ", which is not a file");
            }
            return p;
        }
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/usr/lib64", "/usr/lib", "/usr/local/lib", "/usr/local/lib64", "/opt/libjpeg-turbo/lib64"));
        for (String d : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(d);
            }
        }
        for (String d : dirs) {
            for (String name : new String[] {"libturbojpeg.so.0", "libturbojpeg.so"}) {
                Path p = Path.of(d, name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no libturbojpeg.so.0 in " + String.join(", ", dirs));
    }

    private static final ThreadLocal<TurboJpeg> PER_THREAD = ThreadLocal.withInitial(TurboJpeg::new);

    /** This thread's instance; only after {@link #load()} succeeded. */
    static TurboJpeg get() {
        return PER_THREAD.get();
    }

    /**
     * Whether TurboJPEG decodes a {@code width} x {@code height} JPEG at 1/{@code reduce} with the
     * same IDCT scale as libjpeg's {@code scale_denom = reduce} (OpenCV's and Pillow's draft).
     * TurboJPEG picks the largest of its factors whose size fits the size asked for; on a few tiny
     * images a larger factor (5/8 for 1/2 of 3 px) rounds to the same size and would give other pixels.
     */
    static boolean sameScale(int width, int height, int reduce) {
        int tw = (width + reduce - 1) / reduce;
        int th = (height + reduce - 1) / reduce;
        for (int[] f : FACTORS) {
            if (f[0] * reduce == f[1]) {
                return true;
            }
            if (scaled(width, f) <= tw && scaled(height, f) <= th) {
                return false;
            }
        }
        return false;
    }

    private static int scaled(int size, int[] factor) {
        return (size * factor[0] + factor[1] - 1) / factor[1];
    }

    private static Memory fit(Memory m, long size) {
        return m.size() >= size ? m : new Memory(Math.max(size, 2 * m.size()));
    }

    /**
     * Decodes a JPEG of {@code width} x {@code height} (from its header) to grey or BGR interleaved
     * pixels at 1/{@code reduce} of its size, into {@code dst} (grown when short).
     *
     * @return the pixels, or null when libjpeg said anything about the data: an error, or only a
     *         warning. TurboJPEG 2.1 cannot tell them apart (its error code reads "warning" for an
     *         error that follows a warning), so the caller decodes such a file again through
     *         OpenCV, which fails on errors and ignores warnings, as Pillow does
     */
    NativeImages.Pixels decode(byte[] bytes, int width, int height, boolean grey, int reduce, byte[] dst) {
        int w = (width + reduce - 1) / reduce;
        int h = (height + reduce - 1) / reduce;
        int c = grey ? 1 : 3;
        int n = w * h * c;
        in = fit(in, bytes.length);
        out = fit(out, n);
        in.write(0, bytes, 0, bytes.length);
        int rc = Api.tjDecompress2(decompressor, in, bytes.length, out, w, 0, h, grey ? TJPF_GRAY : TJPF_BGR, 0);
        if (rc != 0) {
            return null;
        }
        byte[] px = dst.length >= n ? dst : new byte[Math.max(n, dst.length + dst.length / 2)];
        out.read(0, px, 0, n);
        return new NativeImages.Pixels(px, h, w, c);
    }

    /** Baseline JPEG of grey or BGR interleaved pixels: 4:2:0 for colour, integer DCT, standard tables. */
    byte[] encode(byte[] hwc, int channels, int height, int width, int quality) {
        int n = height * width * channels;
        int samp = channels == 1 ? TJSAMP_GRAY : TJSAMP_420;
        in = fit(in, n);
        out = fit(out, Api.tjBufSize(width, height, samp));
        in.write(0, hwc, 0, n);
        outPointer.setPointer(0, out);
        outPointer.setLong(8, out.size());
        int rc = Api.tjCompress2(compressor, in, width, 0, height, channels == 1 ? TJPF_GRAY : TJPF_BGR, outPointer,
                outPointer.share(8), samp, quality, TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT);
        // Any report fails the image: TurboJPEG 2.1's error code cannot tell a warning from an error
        // that follows one (see decode), and our own pixels give libjpeg nothing to warn about.
        if (rc != 0) {
            throw new IllegalStateException("TurboJPEG could not encode a " + height + "x" + width + " JPEG");
        }
        return out.getByteArray(0, (int) outPointer.getLong(8));
    }
}
