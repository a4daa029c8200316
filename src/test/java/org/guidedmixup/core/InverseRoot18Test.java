package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InverseRoot18Test {

    @Test
    void agreesWithPowToAbout1e14Relative() {
        Random rnd = new Random(11);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            // log-uniform over the whole normal range, plus the spectrum's typical 1e-10 .. 1e14
            double x = i % 2 == 0 ? Math.exp((rnd.nextDouble() * 2 - 1) * 700) : Math.exp(rnd.nextDouble() * 55 - 23);
            double want = Math.pow(x, -1.0 / 18);
            worst = Math.max(worst, Math.abs(InverseRoot18.of(x) / want - 1));
        }
        assertTrue(worst < 5e-14, "worst relative error " + worst);
        for (double x : new double[] {1, 2, 1e-10, Double.MIN_NORMAL, Double.MAX_VALUE, 1.0 + 1e-16, 2 - 1e-16}) {
            assertEquals(Math.pow(x, -1.0 / 18), InverseRoot18.of(x), 5e-14 * Math.pow(x, -1.0 / 18), "x=" + x);
        }
    }

    @Test
    void theBulkFormIsOfOnEachSquaredMagnitudeBitForBit() {
        Random rnd = new Random(5);
        int n = 1000;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int j = 0; j < n; j++) {
            double scale = Math.exp(rnd.nextDouble() * 60 - 30);
            re[j] = (rnd.nextDouble() - 0.5) * scale;
            im[j] = (rnd.nextDouble() - 0.5) * scale;
        }
        // Outside the normal range too: 0 (x = eps), infinite and NaN inputs.
        re[0] = 0;
        im[0] = 0;
        re[1] = Double.POSITIVE_INFINITY;
        im[2] = Double.NaN;
        re[3] = 1e200;
        double[] out = new double[n + 1];
        out[n] = 42;
        InverseRoot18.ofSquaredMagnitudes(re, im, 1e-10, out, n);
        for (int j = 0; j < n; j++) {
            double want = InverseRoot18.of(re[j] * re[j] + im[j] * im[j] + 1e-10);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[j]), "j=" + j);
        }
        assertEquals(42, out[n], "writes only n values");
    }

    @Test
    void outsideTheNormalRangeFallsBackToPow() {
        assertEquals(Double.POSITIVE_INFINITY, InverseRoot18.of(0.0));
        assertEquals(0.0, InverseRoot18.of(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(InverseRoot18.of(Double.NaN)));
        assertTrue(Double.isNaN(InverseRoot18.of(-1)));
        assertEquals(Math.pow(Double.MIN_VALUE, -1.0 / 18), InverseRoot18.of(Double.MIN_VALUE), 1e-12);
    }
}
