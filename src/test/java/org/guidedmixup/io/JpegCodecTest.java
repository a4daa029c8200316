package org.guidedmixup.io;

import org.guidedmixup.config.ConfigError;
import org.guidedmixup.testing.AugmentRuns;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JPEG shards: 4:2:0 by libjpeg-turbo, 4:4:4 on request, both read back close to the pixels written. */
class JpegCodecTest {
    /** Sampling byte (H << 4 | V) of each component in the frame header (SOF0). */
    private static int[] sampling(byte[] jpg) {
        for (int i = 2; i + 10 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xFF && (jpg[i + 1] & 0xff) == 0xC0) {
                int n = jpg[i + 9] & 0xff;
                int[] out = new int[n];
                for (int c = 0; c < n; c++) {
                    out[c] = jpg[i + 10 + 3 * c + 1] & 0xff;
                }
                return out;
            }
        }
        throw new AssertionError("no baseline frame header");
    }

    /** Red and blue stripes one pixel wide: colour detail that 4:2:0 averages away. */
    private static byte[] stripes(int h, int w) {
        byte[] chw = new byte[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                boolean red = x % 2 == 0;
                chw[p] = (byte) (red ? 220 : 30);
                chw[h * w + p] = (byte) 40;
                chw[2 * h * w + p] = (byte) (red ? 30 : 220);
            }
        }
        return chw;
    }

    private static int maxError(byte[] a, byte[] b) {
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return worst;
    }

    @Test
    void subsamplingIsWhatWasAskedForAndFullChromaKeepsColourDetail() {
        byte[] px = stripes(32, 48);
        byte[] sub = new JpegCodec.Encoder(95, false).encode(px, 3, 32, 48);
        byte[] full = new JpegCodec.Encoder(95, true).encode(px, 3, 32, 48);
        assertEquals(0x22, sampling(sub)[0], "4:2:0: luma sampled 2x2 against chroma");
        assertEquals(0x11, sampling(sub)[1]);
        for (int s : sampling(full)) {
            assertEquals(0x11, s, "4:4:4: every component 1x1");
        }
        int subError = maxError(px, ImageDecoder.decodeStored(sub, 3));
        int fullError = maxError(px, ImageDecoder.decodeStored(full, 3));
        assertTrue(fullError <= 12, "4:4:4 at q95 stays close: " + fullError);
        assertTrue(subError > 2 * fullError, "4:2:0 blurs one-pixel colour stripes: " + subError + " against " + fullError);
        // Grey images have no chroma: one component either way.
        byte[] grey = new byte[32 * 48];
        assertEquals(1, sampling(new JpegCodec.Encoder(90, true).encode(grey, 1, 32, 48)).length);
    }

    @Test
    void theSettingIsReadAndCheckedOnce() {
        assertFalse(AugmentRuns.config(Map.of("output", "unused")).jpegFullChroma(), "4:2:0 by default");
        assertTrue(AugmentRuns.config(Map.of("output", "unused", "jpeg-subsampling", "4:4:4")).jpegFullChroma());
        ConfigError e = assertThrows(ConfigError.class, () -> AugmentRuns.config(Map.of("output", "unused",
                "jpeg-subsampling", "4:2:2")));
        assertEquals("jpeg-subsampling: got '4:2:2', allowed: 4:2:0, 4:4:4", e.getMessage());
    }
}
