package org.guidedmixup.io;

import org.guidedmixup.transform.PillowResample;

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

    private static int pass(List<Path> files, String mode, int size) {
        PillowResample resample = new PillowResample();
        byte[] dst = new byte[3 * size * size];
        int n = 0;
        for (Path f : files) {
            try {
                byte[] bytes = Files.readAllBytes(f);
                int reduce = 1;
                if (mode.equals("draft+resize")) {
                    ImageHeader h = ImageHeader.read(bytes);
                    long scale = h.sized() ? Math.min(h.width() / size, h.height() / size) : 1;
                    reduce = scale >= 8 ? 8 : scale >= 4 ? 4 : scale >= 2 ? 2 : 1;
                }
                ImageDecoder.Decoded d = ImageDecoder.decodeBytes(bytes, 3, Long.MAX_VALUE, reduce);
                if (!mode.equals("decode")) {
                    resample.resize(d.chw(), 3, d.height(), d.width(), size, size, dst);
                }
                n++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            } catch (ImageDecoder.RejectException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage() + "; bench --photos wants a folder of images only");
            }
        }
        return n;
    }
}
