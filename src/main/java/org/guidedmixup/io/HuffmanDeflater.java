package org.guidedmixup.io;

import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950/1951) for small filtered images, made in one dynamic-Huffman block whose
 * only matches are runs (distance 1), as zlib's {@code Z_RLE} strategy makes them.
 *
 * <p>Why not {@link java.util.zip.Deflater}: on a 28x28 image (812 filtered bytes) zlib level 1
 * spends most of its time resetting its 64 KB hash table and building its codes through JNI; a whole
 * PNG took 33 µs with it and 21 µs with this encoder when it was written (C2; 38 against 29 µs
 * under C1; since the C1 rework of its loops 15-16 µs under C1), and because filtered image bytes
 * gain almost nothing from long-range matches, the streams are as small (mixed Fashion-MNIST
 * images: 611 B against 618 B; figures in docs/performance.md). Where Huffman coding would not pay
 * (noise), it writes stored blocks, so a stream is never more than a few bytes longer than its
 * input. The loops are written for C1, the augment job's JIT (no inlining of calls over 35 bytes,
 * no loop optimisations); a test pins the output byte for byte.
 *
 * <p>Reuses its buffers: not thread-safe, one per partition or thread.
 */
public final class HuffmanDeflater {
    private static final int MAX_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    private static final int EOB = 256;
    private static final int MIN_RUN = 3;
    private static final int MAX_RUN = 258;
    /** The order in which code-length-code lengths are sent (RFC 1951 3.2.7). */
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Per match length 3..258: its length code (257..285), extra bits and extra value. */
    private static final int[] LEN_CODE = new int[MAX_RUN + 1];
    private static final int[] LEN_EXTRA_BITS = new int[MAX_RUN + 1];
    private static final int[] LEN_EXTRA = new int[MAX_RUN + 1];
    /** Each byte with its bits in reverse order. */
    private static final int[] REVERSED_BYTE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            REVERSED_BYTE[b] = Integer.reverse(b) >>> 24;
        }
        int[] base = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                131, 163, 195, 227, 258};
        int[] extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int c = 0; c < base.length; c++) {
            int end = c + 1 < base.length ? base[c + 1] : MAX_RUN + 1;
            for (int len = base[c]; len < end && len <= MAX_RUN; len++) {
                LEN_CODE[len] = 257 + c;
                LEN_EXTRA_BITS[len] = extra[c];
                LEN_EXTRA[len] = len - base[c];
            }
        }
        // 258 has its own code (285) with no extra bits, not 284 + 31.
        LEN_CODE[MAX_RUN] = 285;
        LEN_EXTRA_BITS[MAX_RUN] = 0;
        LEN_EXTRA[MAX_RUN] = 0;
    }

    private final Adler32 adler = new Adler32();
    private final Huffman lit = new Huffman(286, MAX_BITS);
    private final Huffman dist = new Huffman(30, MAX_BITS);
    private final Huffman cl = new Huffman(19, MAX_CODE_LENGTH_BITS);
    /** The block's symbols: a literal byte (0..255), or 256 + a run length (3..258). */
    private int[] symbols = new int[0];
    private final byte[] lengths = new byte[286 + 30];
    /** The code-length sequence after run-length coding: symbol | repeat << 8. */
    private final int[] clSymbols = new int[286 + 30];
    private byte[] out = new byte[0];
    private int pos;
    /** Extra bits of the block's run lengths and of the code-length repeat codes (outside the codes' own costs). */
    private long extraBits;
    private long bits;
    private int bitCount;

    /** Deflates {@code data[0, n)} into a zlib stream; the result is valid until the next call. */
    public byte[] deflate(byte[] data, int n) {
        if (symbols.length < n + 1) {
            symbols = new int[n + 1];
            out = new byte[2 * n + 1024];
        }
        pos = 0;
        bits = 0;
        bitCount = 0;
        out[pos++] = 0x78; // deflate, 32 KB window
        out[pos++] = 0x01; // fastest-level flag; 0x7801 is a multiple of 31 as the header check needs
        int m = tokenize(data, n);
        lit.build();
        dist.build();
        int hlit = lastUsed(lit.length, 257);
        int hdist = lastUsed(dist.length, 1);
        System.arraycopy(lit.length, 0, lengths, 0, hlit);
        System.arraycopy(dist.length, 0, lengths, hlit, hdist);
        int clCount = runLengthCodeLengths(hlit + hdist);
        cl.build();
        int hclen = 19;
        while (hclen > 4 && cl.length[CL_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        long huffmanBits = 3 + 5 + 5 + 4 + 3L * hclen + cl.cost() + lit.cost() + dist.cost() + extraBits;
        // Stored blocks cost 5 bytes per 65 535 plus the data: used when Huffman coding would not pay.
        long storedBits = 8L * (n + 5L * Math.max(1, (n + 65534) / 65535));
        if (huffmanBits > storedBits) {
            writeStored(data, n);
        } else {
            writeHuffman(m, hlit, hdist, clCount, hclen);
        }
        adler.reset();
        adler.update(data, 0, n);
        int a = (int) adler.getValue();
        out[pos++] = (byte) (a >>> 24);
        out[pos++] = (byte) (a >>> 16);
        out[pos++] = (byte) (a >>> 8);
        out[pos++] = (byte) a;
        return out;
    }

    /** The length of the stream {@link #deflate} returned last. */
    public int length() {
        return pos;
    }

    /** Splits the data into literals and runs (a byte repeated at distance 1), counting both alphabets. */
    private int tokenize(byte[] data, int n) {
        Arrays.fill(lit.freq, 0);
        Arrays.fill(dist.freq, 0);
        extraBits = 0;
        int[] f = lit.freq;
        int[] s = symbols;
        int m = 0;
        int runs = 0;
        if (n > 0) {
            int b0 = data[0] & 0xff;
            s[m++] = b0;
            f[b0]++;
        }
        int i = 1;
        // Written for C1 (the augment job's JIT): a byte unlike the one before it (the common case) is a
        // literal after one compare. Equal bytes are counted as a run; a run under MIN_RUN goes out as
        // that many literals, as the one-byte-at-a-time form emitted them.
        while (i < n) {
            byte prev = data[i - 1];
            byte b = data[i];
            if (b != prev) {
                s[m++] = b & 0xff;
                f[b & 0xff]++;
                i++;
                continue;
            }
            int max = Math.min(MAX_RUN, n - i);
            int run = 1;
            while (run < max && data[i + run] == prev) {
                run++;
            }
            if (run >= MIN_RUN) {
                runs++;
                s[m++] = 256 + run;
                f[LEN_CODE[run]]++;
                extraBits += LEN_EXTRA_BITS[run];
            } else {
                int v = prev & 0xff;
                for (int r = 0; r < run; r++) {
                    s[m++] = v;
                }
                f[v] += run;
            }
            i += run;
        }
        f[EOB]++;
        // Distance 1 is code 0; a block without runs gets one unused code (zlib does the same).
        dist.freq[0] = Math.max(1, runs);
        return m;
    }

    private static int lastUsed(byte[] length, int min) {
        int n = length.length;
        while (n > min && length[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /** Run-length codes the code lengths (symbols 16, 17, 18) and counts the code-length alphabet. */
    private int runLengthCodeLengths(int n) {
        // The symbols go into locals and arrays directly: a call per symbol (C1 does not inline one
        // of this size) was a third of this step.
        int[] f = cl.freq;
        int[] out = clSymbols;
        byte[] len = lengths;
        Arrays.fill(f, 0);
        int count = 0;
        long extra = extraBits;
        int i = 0;
        while (i < n) {
            int l = len[i];
            int run = 1;
            while (i + run < n && len[i + run] == l) {
                run++;
            }
            i += run;
            if (l == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    out[count++] = 18 | r << 8;
                    f[18]++;
                    extra += 7;
                    run -= r;
                }
                if (run >= 3) {
                    out[count++] = 17 | run << 8;
                    f[17]++;
                    extra += 3;
                    run = 0;
                }
            } else {
                out[count++] = l;
                f[l]++;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    out[count++] = 16 | r << 8;
                    f[16]++;
                    extra += 2;
                    run -= r;
                }
            }
            for (; run > 0; run--) {
                out[count++] = l;
                f[l]++;
            }
        }
        extraBits = extra;
        return count;
    }

    private void writeHuffman(int m, int hlit, int hdist, int clCount, int hclen) {
        put(1, 1); // final block
        put(2, 2); // dynamic Huffman codes
        put(hlit - 257, 5);
        put(hdist - 1, 5);
        put(hclen - 4, 4);
        for (int k = 0; k < hclen; k++) {
            put(cl.length[CL_ORDER[k]], 3);
        }
        for (int k = 0; k < clCount; k++) {
            int sym = clSymbols[k] & 0xff;
            int repeat = clSymbols[k] >>> 8;
            put(cl.code[sym], cl.length[sym]);
            if (sym == 16) {
                put(repeat - 3, 2);
            } else if (sym == 17) {
                put(repeat - 3, 3);
            } else if (sym == 18) {
                put(repeat - 11, 7);
            }
        }
        int[] litCode = lit.code;
        byte[] litLen = lit.length;
        int distCode = dist.code[0];
        int distLen = dist.length[0];
        if (distLen != 1) {
            throw new IllegalStateException("the bit writer expects one 1-bit distance code, got " + distLen + " bits");
        }
        // put() inlined on locals: C1 (the augment job's JIT) does not inline it, and a call per
        // symbol was 1.7 % of a job. Four whole bytes go out once 32 bits wait, so fewer than 32 wait
        // before a symbol. The only distance is 1, whose code is 1 bit long (an alphabet of one
        // symbol), so a run adds at most 15 + 5 + 1 bits: the 64-bit accumulator never overflows.
        long acc = bits;
        int count = bitCount;
        int p = pos;
        byte[] o = out;
        for (int k = 0; k < m; k++) {
            if (count >= 32) {
                o[p] = (byte) acc;
                o[p + 1] = (byte) (acc >>> 8);
                o[p + 2] = (byte) (acc >>> 16);
                o[p + 3] = (byte) (acc >>> 24);
                p += 4;
                acc >>>= 32;
                count -= 32;
            }
            int s = symbols[k];
            if (s < 256) {
                acc |= (long) litCode[s] << count;
                count += litLen[s];
            } else {
                int run = s - 256;
                int c = LEN_CODE[run];
                int lenBits = litLen[c] + LEN_EXTRA_BITS[run];
                acc |= ((long) litCode[c] | (long) LEN_EXTRA[run] << litLen[c] | (long) distCode << lenBits) << count;
                count += lenBits + distLen;
            }
        }
        // Whole bytes out, so that fewer than 8 bits wait for put() (which writes 4 bytes at 32).
        while (count >= 8) {
            o[p++] = (byte) acc;
            acc >>>= 8;
            count -= 8;
        }
        bits = acc;
        bitCount = count;
        pos = p;
        put(litCode[EOB], litLen[EOB]);
        flushBits();
    }

    private void writeStored(byte[] data, int n) {
        int off = 0;
        do {
            int len = Math.min(65535, n - off);
            put(off + len == n ? 1 : 0, 1);
            put(0, 2);
            flushBits();
            out[pos++] = (byte) len;
            out[pos++] = (byte) (len >>> 8);
            out[pos++] = (byte) ~len;
            out[pos++] = (byte) (~len >>> 8);
            System.arraycopy(data, off, out, pos, len);
            pos += len;
            off += len;
        } while (off < n);
    }

    /** Appends the low {@code n} bits of {@code value}, least significant first (deflate's bit order). */
    private void put(int value, int n) {
        bits |= (long) value << bitCount;
        bitCount += n;
        if (bitCount >= 32) {
            out[pos] = (byte) bits;
            out[pos + 1] = (byte) (bits >>> 8);
            out[pos + 2] = (byte) (bits >>> 16);
            out[pos + 3] = (byte) (bits >>> 24);
            pos += 4;
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    /** Writes the pending bits, padded to a whole byte. */
    private void flushBits() {
        while (bitCount > 0) {
            out[pos++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
        bits = 0;
        bitCount = 0;
    }

    /**
     * A canonical Huffman code over an alphabet, from symbol counts, with lengths limited to
     * {@code maxBits}: a longer code is avoided by halving the counts and building again (rarely
     * needed: a code longer than 15 bits needs more than 1 500 symbols in a skewed distribution).
     */
    static final class Huffman {
        final int[] freq;
        final byte[] length;
        /** Bit-reversed canonical codes, ready to be written least significant bit first. */
        final int[] code;
        private final int maxBits;
        private final int[] work;
        private final long[] sorted;
        private final long[] radixTmp;
        private final int[] radixCount = new int[257];
        private final long[] weight;
        private final int[] parent;
        private final int[] depth;
        private final int[] blCount = new int[MAX_BITS + 2];
        /**
         * The symbols with a non-zero count, ascending, and how many: the steps after the first scan
         * loop over these (~150 of the 286 literal/length symbols of a 28x28 image) instead of the
         * whole alphabet.
         */
        private final int[] used;
        private int usedCount;

        Huffman(int size, int maxBits) {
            freq = new int[size];
            length = new byte[size];
            code = new int[size];
            this.maxBits = maxBits;
            work = new int[size];
            sorted = new long[size];
            radixTmp = new long[size];
            weight = new long[2 * size];
            parent = new int[2 * size];
            depth = new int[2 * size];
            used = new int[size];
        }

        /** Code lengths and codes from {@link #freq} (left unchanged). */
        void build() {
            System.arraycopy(freq, 0, work, 0, freq.length);
            while (!lengthsFit()) {
                for (int s = 0; s < work.length; s++) {
                    if (work[s] > 0) {
                        work[s] = (work[s] + 1) >>> 1;
                    }
                }
            }
            assignCodes();
        }

        /** Huffman lengths of {@link #work} into {@link #length}; false when one exceeds {@code maxBits}. */
        private boolean lengthsFit() {
            Arrays.fill(length, (byte) 0);
            int m = 0;
            for (int s = 0; s < work.length; s++) {
                if (work[s] > 0) {
                    used[m] = s;
                    sorted[m++] = (long) work[s] << 16 | s;
                }
            }
            usedCount = m;
            if (m == 0) {
                return true;
            }
            if (m == 1) {
                length[(int) (sorted[0] & 0xffff)] = 1;
                return true;
            }
            sortByWeight(m);
            // Two-queue Huffman: leaves 0..m-1 in ascending weight, internal nodes m.. created in
            // ascending weight too, so the two smallest are always at the heads of the queues.
            for (int k = 0; k < m; k++) {
                weight[k] = sorted[k] >>> 16;
            }
            int leaf = 0;
            int node = m;
            int next = m;
            while (next < 2 * m - 1) {
                int a = leaf < m && (node >= next || weight[leaf] <= weight[node]) ? leaf++ : node++;
                int b = leaf < m && (node >= next || weight[leaf] <= weight[node]) ? leaf++ : node++;
                weight[next] = weight[a] + weight[b];
                parent[a] = next;
                parent[b] = next;
                next++;
            }
            int root = 2 * m - 2;
            depth[root] = 0;
            for (int k = root - 1; k >= 0; k--) {
                depth[k] = depth[parent[k]] + 1;
                if (k < m && depth[k] > maxBits) {
                    return false;
                }
            }
            for (int k = 0; k < m; k++) {
                length[(int) (sorted[k] & 0xffff)] = (byte) depth[k];
            }
            return true;
        }

        private void sortByWeight(int m) {
            sortByWeight(sorted, radixTmp, radixCount, m);
        }

        /**
         * Sorts {@code a[0, m)} (weight << 16 | symbol, collected in symbol order) by weight, ties by
         * symbol: an LSD radix sort over the weight's bytes, stable, so the order is exactly
         * {@code Arrays.sort}'s. On the ~150 symbols of a 28x28 image the deflate takes 16.3 µs
         * against 18.7 with {@code Arrays.sort} under C1 (the job's JIT), about the same under C2.
         */
        static void sortByWeight(long[] a, long[] tmp, int[] count, int m) {
            long max = 0;
            for (int k = 0; k < m; k++) {
                max = Math.max(max, a[k] >>> 16);
            }
            long[] from = a;
            long[] to = tmp;
            for (int shift = 16; (max >>> (shift - 16)) != 0; shift += 8) {
                Arrays.fill(count, 0);
                for (int k = 0; k < m; k++) {
                    count[(int) (from[k] >>> shift) & 0xff]++;
                }
                int sum = 0;
                for (int d = 0; d < 256; d++) {
                    int c = count[d];
                    count[d] = sum;
                    sum += c;
                }
                for (int k = 0; k < m; k++) {
                    long v = from[k];
                    to[count[(int) (v >>> shift) & 0xff]++] = v;
                }
                long[] t = from;
                from = to;
                to = t;
            }
            if (from != a) {
                System.arraycopy(from, 0, a, 0, m);
            }
        }

        /** Canonical codes (RFC 1951 3.2.2) for {@link #length}, bit-reversed. */
        private void assignCodes() {
            Arrays.fill(blCount, 0);
            for (int k = 0; k < usedCount; k++) {
                blCount[length[used[k]]]++;
            }
            int c = 0;
            int[] nextCode = work; // free again: reused as next_code[bits]
            for (int b = 1; b <= maxBits; b++) {
                c = (c + blCount[b - 1]) << 1;
                nextCode[b] = c;
            }
            // In ascending symbol order, as canonical codes are handed out.
            for (int k = 0; k < usedCount; k++) {
                int s = used[k];
                int l = length[s];
                int v = nextCode[l]++;
                // The l-bit reversal from a byte table: Integer.reverse is a call under C1.
                code[s] = (REVERSED_BYTE[v & 0xff] << 8 | REVERSED_BYTE[(v >>> 8) & 0xff]) >>> (16 - l);
            }
        }

        /** Bits the symbols counted in {@link #freq} take with this code (extra bits not included). */
        long cost() {
            long bits = 0;
            for (int k = 0; k < usedCount; k++) {
                int s = used[k];
                bits += (long) freq[s] * length[s];
            }
            return bits;
        }
    }
}
