package org.guidedmixup.transform;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The interleaved entry (a decoder's H x W x C, BGR or RGB) gives exactly what the planar one gives
 * on the same image; the planar one is pinned to Pillow by {@link TorchvisionFidelityTest}.
 */
class PillowResampleTest {
    @Test
    void interleavedAndPlanarSourcesResizeToTheSamePixels() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] cases = {{3, 300, 451, 224, 224}, {3, 131, 173, 64, 100}, {1, 97, 145, 50, 30}, {3, 20, 30, 64, 64},
            {3, 40, 40, 40, 17}, {1, 8, 9, 8, 9}, {3, 224, 500, 224, 224}, {3, 300, 224, 224, 224}, {3, 5, 7, 5, 7}};
        PillowResample a = new PillowResample();
        PillowResample b = new PillowResample();
        for (int[] c : cases) {
            int ch = c[0];
            int h = c[1];
            int w = c[2];
            int hw = h * w;
            byte[] hwc = new byte[hw * ch];
            for (int i = 0; i < hwc.length; i++) {
                // Smooth content with noise: every tap weight matters.
                int p = i / ch;
                hwc[i] = (byte) ((p % w) * 3 + (p / w) * 2 + rnd.nextInt(40) + (i % ch) * 50);
            }
            for (boolean bgr : new boolean[] {true, false}) {
                byte[] planar = new byte[hwc.length];
                for (int p = 0; p < hw; p++) {
                    for (int k = 0; k < ch; k++) {
                        int from = bgr && ch == 3 ? 2 - k : k;
                        planar[k * hw + p] = hwc[p * ch + from];
                    }
                }
                byte[] want = new byte[ch * c[3] * c[4]];
                a.resize(planar, ch, h, w, c[3], c[4], want);
                byte[] got = new byte[want.length];
                b.resizeInterleaved(hwc, ch, bgr, h, w, c[3], c[4], got);
                assertArrayEquals(want, got, ch + "x" + h + "x" + w + " -> " + c[3] + "x" + c[4] + (bgr ? " BGR" : " RGB"));
            }
        }
    }
}
