package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lane FFT against a plain O(n²) DFT, every radix and mixed sizes, forward and inverse. */
class LaneFftTest {

    @Test
    void matchesPlainDftForEveryRadixMix() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 16, 21, 25, 28, 32, 35, 49, 56, 64, 96, 100, 128}) {
            for (int v : new int[] {1, 3, 8}) {
                for (boolean inverse : new boolean[] {false, true}) {
                    double[] re = new double[n * v];
                    double[] im = new double[n * v];
                    for (int i = 0; i < re.length; i++) {
                        re[i] = rnd.nextGaussian();
                        im[i] = rnd.nextGaussian();
                    }
                    double[] wantRe = new double[n * v];
                    double[] wantIm = new double[n * v];
                    plainDft(re, im, wantRe, wantIm, n, v, inverse);
                    double[][] r2 = new double[n][v];
                    double[][] i2 = new double[n][v];
                    for (int i = 0; i < re.length; i++) {
                        r2[i / v][i % v] = re[i];
                        i2[i / v][i % v] = im[i];
                    }
                    new LaneFft(n).transform(r2, i2, new double[n][v], new double[n][v], inverse);
                    for (int i = 0; i < re.length; i++) {
                        String at = "n=" + n + " v=" + v + " inverse=" + inverse + " i=" + i;
                        assertEquals(wantRe[i], r2[i / v][i % v], 1e-12 * n, at);
                        assertEquals(wantIm[i], i2[i / v][i % v], 1e-12 * n, at);
                    }
                }
            }
        }
    }

    @Test
    void supportsOnlySmallPrimeFactors() {
        assertTrue(LaneFft.supports(28));
        assertTrue(LaneFft.supports(128));
        assertTrue(LaneFft.supports(105));
        assertFalse(LaneFft.supports(11));
        assertFalse(LaneFft.supports(26));
        assertFalse(LaneFft.supports(0));
        assertThrows(IllegalArgumentException.class, () -> new LaneFft(22));
    }

    private static void plainDft(double[] re, double[] im, double[] outRe, double[] outIm, int n, int v,
                                 boolean inverse) {
        double sign = inverse ? 1 : -1;
        for (int lane = 0; lane < v; lane++) {
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    double a = sign * 2 * Math.PI * ((long) j * k % n) / n;
                    double c = Math.cos(a);
                    double s = Math.sin(a);
                    sr += re[j * v + lane] * c - im[j * v + lane] * s;
                    si += re[j * v + lane] * s + im[j * v + lane] * c;
                }
                outRe[k * v + lane] = sr;
                outIm[k * v + lane] = si;
            }
        }
    }
}
