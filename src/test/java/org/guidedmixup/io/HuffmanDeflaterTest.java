package org.guidedmixup.io;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shards' deflate: every stream inflates back (zlib's own Inflater checks the Adler-32 too), and stays small. */
class HuffmanDeflaterTest {
    private final HuffmanDeflater deflater = new HuffmanDeflater();

    private byte[] roundTrip(byte[] data) {
        byte[] z = Arrays.copyOf(deflater.deflate(data, data.length), deflater.length());
        Inflater inf = new Inflater();
        inf.setInput(z);
        byte[] back = new byte[data.length + 1];
        try {
            int n = inf.inflate(back);
            assertTrue(inf.finished(), "stream not finished after " + n + " bytes");
            assertEquals(0, inf.getRemaining(), "bytes after the stream");
            assertArrayEquals(data, Arrays.copyOf(back, n));
        } catch (DataFormatException e) {
            throw new AssertionError("invalid stream for " + data.length + " bytes: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return z;
    }

    /**
     * The streams are pinned byte for byte (an MD5 over many inputs, recorded from the encoder as it
     * was before its C1 rework): speed changes must not change a single output byte, so shards stay
     * comparable across versions. Inputs: image-like bytes (runs of background, smooth ramps, noise)
     * of many lengths, with skewed and flat symbol counts.
     */
    @Test
    void streamsAreByteForByteThoseOfTheRecordedEncoder() throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < 400; t++) {
            int n = 1 + rnd.nextInt(t < 300 ? 3000 : 70_000);
            byte[] d = new byte[n];
            int i = 0;
            while (i < n) {
                int len = Math.min(n - i, 1 + rnd.nextInt(t % 3 == 0 ? 300 : 20));
                int kind = rnd.nextInt(4);
                byte v = (byte) rnd.nextInt(256);
                for (int j = 0; j < len; j++) {
                    d[i + j] = switch (kind) {
                        case 0 -> 0;
                        case 1 -> v;
                        case 2 -> (byte) (v + j);
                        default -> (byte) (rnd.nextInt(1 + t % 40) - t % 20);
                    };
                }
                i += len;
            }
            md.update(deflater.deflate(d, n), 0, deflater.length());
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md.digest()) {
            hex.append(String.format("%02x", b));
        }
        assertEquals("0fcad06321a58bacb86b0e5a5096e355", hex.toString());
    }

    @Test
    void edgeCasesInflateBack() {
        roundTrip(new byte[0]);
        roundTrip(new byte[]{7});
        roundTrip(new byte[]{0, 0});
        for (int n : new int[]{3, 4, 258, 259, 260, 261, 516, 517, 1000, 70_000}) {
            byte[] same = new byte[n];
            Arrays.fill(same, (byte) 200);
            byte[] z = roundTrip(same);
            assertTrue(z.length < 40 + n / 100, n + " equal bytes took " + z.length);
        }
        byte[] all = new byte[256 * 5];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 7);
        }
        roundTrip(all);
    }

    @Test
    void noiseFallsBackToStoredBlocksAcrossTheirSizeLimit() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[]{100, 65_535, 65_536, 200_000}) {
            byte[] noise = new byte[n];
            rnd.nextBytes(noise);
            byte[] z = roundTrip(noise);
            assertTrue(z.length <= n + 6 + 5 * (n / 65_535 + 1), n + " random bytes took " + z.length);
        }
    }

    @Test
    void skewedCountsThatWantCodesLongerThan15BitsAreLimited() {
        // Fibonacci counts make the deepest Huffman tree: 25 symbols would want a 24-bit code.
        StringBuilder sb = new StringBuilder();
        long a = 1;
        long b = 1;
        for (int s = 0; s < 25; s++) {
            for (long k = 0; k < a; k++) {
                // Alternate with a neighbour so no runs form and every count stays a literal count.
                sb.append((char) (s * 2)).append((char) (s * 2 + 1));
            }
            long c = a + b;
            a = b;
            b = c;
        }
        byte[] data = new byte[sb.length()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) sb.charAt(i);
        }
        roundTrip(data);
    }

    @Test
    void randomStructuredInputsInflateBack() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < 300; t++) {
            int n = rnd.nextInt(1, 5000);
            byte[] d = new byte[n];
            int alphabet = rnd.nextInt(1, 257);
            int i = 0;
            while (i < n) {
                int len = rnd.nextInt(1, rnd.nextBoolean() ? 4 : 600);
                byte v = (byte) rnd.nextInt(alphabet);
                for (int k = 0; k < len && i < n; k++) {
                    d[i++] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(alphabet) : v;
                }
            }
            roundTrip(d);
        }
    }

    @Test
    void filteredImagesAreAboutAsSmallAsZlibLevel1() {
        SplittableRandom rnd = new SplittableRandom(5);
        long ours = 0;
        long zlib = 0;
        Deflater z = new Deflater(1);
        byte[] buf = new byte[4096];
        for (int t = 0; t < 50; t++) {
            // A soft blob on a flat background, noisy: like a mixed Fashion-MNIST image after Paeth.
            byte[] img = new byte[28 * 29];
            for (int y = 0; y < 28; y++) {
                img[y * 29] = 4;
                for (int x = 0; x < 28; x++) {
                    double r = Math.hypot(x - 14 + rnd.nextInt(3), y - 14);
                    img[y * 29 + 1 + x] = (byte) (r < 9 ? rnd.nextInt(-6, 7) : rnd.nextInt(8) == 0 ? rnd.nextInt(-2, 3) : 0);
                }
            }
            ours += roundTrip(img).length;
            z.reset();
            z.setInput(img);
            z.finish();
            zlib += z.deflate(buf);
        }
        z.end();
        assertTrue(ours <= zlib * 1.05, "ours " + ours + " B, zlib level 1 " + zlib + " B");
    }

    @Test
    void radixSortOrdersExactlyAsArraysSort() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int t = 0; t < 500; t++) {
            int m = rnd.nextInt(0, 287);
            long bound = switch (t % 4) {
                case 0 -> 4;
                case 1 -> 1_000;
                case 2 -> 70_000;
                default -> Integer.MAX_VALUE;
            };
            long[] a = new long[286];
            for (int s = 0, k = 0; k < m; s++, k++) {
                a[k] = (1 + rnd.nextLong(bound)) << 16 | s; // symbols ascending, as the builder collects them
            }
            long[] expected = Arrays.copyOf(a, m);
            Arrays.sort(expected);
            HuffmanDeflater.Huffman.sortByWeight(a, new long[286], new int[257], m);
            assertArrayEquals(expected, Arrays.copyOf(a, m), "m " + m + ", weights below " + bound);
        }
    }
}
