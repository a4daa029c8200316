package org.guidedmixup.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bench --photos DIR}: this project's decoding and resizing of photos on one thread, in the
 * three modes of {@code shared/tools/pil_decode_bench.py} (its anchor), so that the two are compared
 * in one sitting: read + decode to RGB; the same then resized to SIZE x SIZE (Pillow's antialiased
 * bilinear); and decoded at a DCT-domain reduction by Pillow's {@code draft} rule first. Images per
 * second is the best of the passes, as the anchor reports it.
 */
public final class DecodeBench {
    private DecodeBench() {
    }

    /** One mode's figure: images per second over {@code files} files, best of the passes. */
    public record Result(String mode, int size, int files, double imagesPerSecond) {
    }

    /** Which library decodes JPEG in this JVM: "turbojpeg PATH", "opencv" or "imageio". */
    public static String jpegLibrary() {
        return NativeImages.jpegLibrary();
    }

    /** Every regular file under {@code dir}, recursively, in name order (as the anchor lists them). */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Times the three modes over {@code files}, {@code passes} passes each. */
    public static List<Result> run(List<Path> files, int size, int passes) {
        List<Result> out = new ArrayList<>();
        for (String mode : List.of("decode", "decode+resize", "draft+resize")) {
            double best = 0;
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                int n = pass(files, mode, size);
                best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
            }
            out.add(new Result(mode, size, files.size(), best));
        }
        return out;
    }

    /**
     * One pass in one mode, through the decoder the jobs use ({@link ImageDecoder#decode}): decode
     * alone keeps the source size (as a crop run does); the resize modes are {@code --resize SIZExSIZE}
     * with {@code --no-draft} and {@code --draft}.
     */
    private static int pass(List<Path> files, String mode, int size) {
        ImageSpec spec = switch (mode) {
            case "decode" -> new ImageSpec(3, size, size, false, Long.MAX_VALUE,
                    org.guidedmixup.transform.BaseTransform.parse("crop=random-resized:" + size + " flip=0"), false);
            case "decode+resize" -> new ImageSpec(3, size, size, true, Long.MAX_VALUE,
                    org.guidedmixup.transform.BaseTransform.NONE, false);
            default -> new ImageSpec(3, size, size, true, Long.MAX_VALUE, org.guidedmixup.transform.BaseTransform.NONE, true);
        };
        int n = 0;
        for (Path f : files) {
            DecodedImage d = ImageDecoder.decode(SourceRecord.file(n, 0, f.toString()), spec, 1);
            if (d.isRejected()) {
                throw new IllegalArgumentException(f + ": " + d.rejectReason + "; bench --photos wants a folder of images only");
            }
            n++;
        }
        return n;
    }
}
