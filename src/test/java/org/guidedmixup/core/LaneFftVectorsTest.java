package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SIMD butterflies equal the scalar loop's formulas bit for bit, lane by lane, with and without
 * twiddles, for lane counts that do and do not fill whole vectors (the scalar loop does the rest).
 */
class LaneFftVectorsTest {
    private static double[] random(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian() * 100;
        }
        return a;
    }

    @Test
    void radix4AndRadix2AreTheScalarFormulasBitForBit() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "the JVM has the Vector API");
        Random r = new Random(7);
        double sigma = -1;
        for (int v : new int[] {3, 8, 37, 448}) {
            for (boolean unit : new boolean[] {true, false}) {
                double[][] s = new double[8][];
                for (int k = 0; k < 8; k++) {
                    s[k] = random(r, v);
                }
                double[][] d = new double[8][v];
                double w1r = 0.3, w1i = -0.7, w2r = -0.2, w2i = 0.9, w3r = 0.6, w3i = 0.1;
                int end = LaneFftVectors.radix4(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], d[0], d[1], d[2], d[3], d[4],
                        d[5], d[6], d[7], w1r, w1i, w2r, w2i, w3r, w3i, sigma, unit);
                assertTrue(end <= v && end % LaneFftVectors.lanes() == 0 && v - end < LaneFftVectors.lanes());
                for (int j = 0; j < end; j++) {
                    double t0r = s[0][j] + s[4][j];
                    double t0i = s[1][j] + s[5][j];
                    double t1r = s[0][j] - s[4][j];
                    double t1i = s[1][j] - s[5][j];
                    double t2r = s[2][j] + s[6][j];
                    double t2i = s[3][j] + s[7][j];
                    double t3r = -sigma * (s[3][j] - s[7][j]);
                    double t3i = sigma * (s[2][j] - s[6][j]);
                    double b1r = t1r + t3r;
                    double b1i = t1i + t3i;
                    double b2r = t0r - t2r;
                    double b2i = t0i - t2i;
                    double b3r = t1r - t3r;
                    double b3i = t1i - t3i;
                    double[] want = unit
                            ? new double[] {t0r + t2r, t0i + t2i, b1r, b1i, b2r, b2i, b3r, b3i}
                            : new double[] {t0r + t2r, t0i + t2i, b1r * w1r - b1i * w1i, b1r * w1i + b1i * w1r,
                                b2r * w2r - b2i * w2i, b2r * w2i + b2i * w2r, b3r * w3r - b3i * w3i, b3r * w3i + b3i * w3r};
                    for (int k = 0; k < 8; k++) {
                        assertEquals(Double.doubleToRawLongBits(want[k]), Double.doubleToRawLongBits(d[k][j]),
                                "radix 4, v " + v + ", unit " + unit + ", output " + k + ", lane " + j);
                    }
                }
                double[][] e = new double[4][v];
                int end2 = LaneFftVectors.radix2(s[0], s[1], s[2], s[3], e[0], e[1], e[2], e[3], w1r, w1i, unit);
                for (int j = 0; j < end2; j++) {
                    double dr = s[0][j] - s[2][j];
                    double di = s[1][j] - s[3][j];
                    double[] want = {s[0][j] + s[2][j], s[1][j] + s[3][j], unit ? dr : dr * w1r - di * w1i,
                        unit ? di : dr * w1i + di * w1r};
                    for (int k = 0; k < 4; k++) {
                        assertEquals(Double.doubleToRawLongBits(want[k]), Double.doubleToRawLongBits(e[k][j]),
                                "radix 2, v " + v + ", unit " + unit + ", output " + k + ", lane " + j);
                    }
                }
            }
        }
    }
}
