package org.guidedmixup.io;

import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Lossless PNG encoding of uint8 C x H x W pixels (grey or RGB) and back, for the shards. */
public final class PngCodec {
    static {
        ImageIO.setUseCache(false);
    }

    private PngCodec() {
    }

    /** Encodes one image; for many, keep an {@link Encoder}. */
    public static byte[] encode(byte[] chw, int channels, int height, int width) {
        return new Encoder().encode(chw, channels, height, width);
    }

    /**
     * A PNG writer for the shards: 8-bit grey or RGB, one filter for every row (Paeth: on mixed
     * Fashion-MNIST images it gave the smallest files of None, Sub, Up and Paeth), deflated by
     * {@link HuffmanDeflater} (one dynamic-Huffman block with runs: a 28x28 PNG in 21 µs against 33 µs
     * with zlib level 1 under C2, 15-16 µs under C1 since its loops were reworked; files as small), or by zlib at a given level. ImageIO's writer tries
     * all five filters per row and deflates at its default level. Any PNG reader decodes the result
     * (figures in docs/performance.md). Reuses its buffers: not thread-safe, one per partition or
     * thread.
     */
    public static final class Encoder implements ImageEncoder {
        private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        private static final int FILTER_PAETH = 4;
        /** zlib at a chosen level, or null: {@link #fast} then. */
        private final Deflater deflater;
        private final HuffmanDeflater fast;
        private final CRC32 crc = new CRC32();
        private byte[] interleaved = new byte[0];
        private byte[] filtered = new byte[0];
        private byte[] deflated = new byte[0];

        /** The shards' encoder: {@link HuffmanDeflater}. */
        public Encoder() {
            deflater = null;
            fast = new HuffmanDeflater();
        }

        /** @param level zlib level 0..9 (through {@link Deflater}: for comparisons) */
        public Encoder(int level) {
            if (level < 0 || level > 9) {
                throw new IllegalArgumentException("PNG deflate level must be 0..9, got " + level);
            }
            deflater = new Deflater(level);
            fast = null;
        }

        /** Encodes C x H x W bytes (C = 1 grey, 3 RGB planes) to a PNG file's bytes. */
        @Override
        public byte[] encode(byte[] chw, int channels, int height, int width) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("PNG encoding takes 1 or 3 channels, got " + channels);
            }
            int hw = height * width;
            int stride = width * channels;
            int raw = height * (stride + 1);
            if (filtered.length < raw) {
                filtered = new byte[raw];
                deflated = new byte[raw + raw / 8 + 64];
            }
            if (interleaved.length < height * stride) {
                interleaved = new byte[height * stride];
            }
            byte[] px;
            if (channels == 1) {
                px = chw; // grey is already in row order
            } else {
                px = interleaved;
                for (int p = 0; p < hw; p++) {
                    px[3 * p] = chw[p];
                    px[3 * p + 1] = chw[hw + p];
                    px[3 * p + 2] = chw[2 * hw + p];
                }
            }
            byte[] f = filtered;
            // Paeth on every row: each byte minus its predictor from the left, upper and upper-left
            // bytes of the same channel (zero outside the image).
            // The image's edges are split off so that the inner loop has no edge tests: in the first
            // row the predictor is the left byte (0 for the first pixel), and in the first pixel of a
            // later row it is the byte above.
            f[0] = FILTER_PAETH;
            for (int i = 0; i < stride; i++) {
                f[1 + i] = (byte) (px[i] - (i >= channels ? px[i - channels] : 0));
            }
            for (int y = 1; y < height; y++) {
                int o = y * (stride + 1) + 1;
                int row = y * stride;
                int up = row - stride;
                f[o - 1] = FILTER_PAETH;
                for (int i = 0; i < channels; i++) {
                    f[o + i] = (byte) (px[row + i] - px[up + i]);
                }
                // paeth(a, b, c) written out: C1 (the augment job's JIT) does not inline a method
                // this size, and a call per byte was 3.6 % of a job. With p = a + b - c:
                // |p - a| = |b - c|, |p - b| = |a - c|, |p - c| = |a + b - 2c|.
                // The choice (a if pa <= pb and pa <= pc, else b if pb <= pc, else c) is made with
                // sign masks, not branches: on photos and mixed images it is unpredictable, and C1
                // has no conditional moves (docs/performance.md).
                // Channel by channel along the row, the left (a) and upper-left (c) bytes carried over
                // from the previous pixel: two loads per byte instead of four (C1 keeps every load).
                for (int ch = 0; ch < channels; ch++) {
                    int a = px[row + ch] & 0xff;
                    int c = px[up + ch] & 0xff;
                    for (int i = channels + ch; i < stride; i += channels) {
                        int x = px[row + i] & 0xff;
                        int b = px[up + i] & 0xff;
                        int d = b - c;
                        int e = a - c;
                        int g = d + e;
                        int pa = (d ^ (d >> 31)) - (d >> 31);
                        int pb = (e ^ (e >> 31)) - (e >> 31);
                        int pc = (g ^ (g >> 31)) - (g >> 31);
                        int cOverB = (pc - pb) >> 31; // -1 when pc < pb
                        int bc = b ^ ((b ^ c) & cOverB);
                        int minBc = pb ^ ((pb ^ pc) & cOverB);
                        int notA = (minBc - pa) >> 31; // -1 when min(pb, pc) < pa
                        int pred = a ^ ((a ^ bc) & notA);
                        f[o + i] = (byte) (x - pred);
                        a = x;
                        c = b;
                    }
                }
            }
            byte[] zlib;
            int z;
            if (fast != null) {
                zlib = fast.deflate(f, raw);
                z = fast.length();
            } else {
                z = deflateWithZlib(f, raw);
                zlib = deflated;
            }
            int total = SIGNATURE.length + (12 + 13) + (12 + z) + 12;
            // The caller owns the result: write the file straight into an array of its exact size.
            byte[] o = new byte[total];
            System.arraycopy(SIGNATURE, 0, o, 0, SIGNATURE.length);
            int pos = SIGNATURE.length;
            pos = chunkHeader(o, pos, 13, 'I', 'H', 'D', 'R');
            pos = putInt(o, pos, width);
            pos = putInt(o, pos, height);
            o[pos++] = 8; // bit depth
            o[pos++] = (byte) (channels == 1 ? 0 : 2); // colour type: grey or RGB
            o[pos++] = 0; // deflate
            o[pos++] = 0; // adaptive filtering (per-row filter bytes)
            o[pos++] = 0; // no interlace
            pos = chunkEnd(o, pos, 13);
            pos = chunkHeader(o, pos, z, 'I', 'D', 'A', 'T');
            System.arraycopy(zlib, 0, o, pos, z);
            pos = chunkEnd(o, pos + z, z);
            pos = chunkHeader(o, pos, 0, 'I', 'E', 'N', 'D');
            chunkEnd(o, pos, 0);
            return o;
        }

        /** Deflates {@code f[0, raw)} into {@link #deflated} with zlib; returns the stream's length. */
        private int deflateWithZlib(byte[] f, int raw) {
            deflater.reset();
            deflater.setInput(f, 0, raw);
            deflater.finish();
            int z = 0;
            while (!deflater.finished()) {
                if (z == deflated.length) {
                    deflated = java.util.Arrays.copyOf(deflated, deflated.length * 2);
                }
                z += deflater.deflate(deflated, z, deflated.length - z);
            }
            return z;
        }

        private static int chunkHeader(byte[] o, int pos, int length, char a, char b, char c, char d) {
            pos = putInt(o, pos, length);
            o[pos] = (byte) a;
            o[pos + 1] = (byte) b;
            o[pos + 2] = (byte) c;
            o[pos + 3] = (byte) d;
            return pos + 4;
        }

        /** Appends the CRC of the chunk type and data that end at {@code pos}. */
        private int chunkEnd(byte[] o, int pos, int length) {
            crc.reset();
            crc.update(o, pos - length - 4, length + 4);
            return putInt(o, pos, (int) crc.getValue());
        }

        private static int putInt(byte[] o, int pos, int v) {
            o[pos] = (byte) (v >>> 24);
            o[pos + 1] = (byte) (v >>> 16);
            o[pos + 2] = (byte) (v >>> 8);
            o[pos + 3] = (byte) v;
            return pos + 4;
        }
    }
}
