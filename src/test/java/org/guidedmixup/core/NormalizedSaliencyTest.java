package org.guidedmixup.core;

import org.guidedmixup.testing.GoldenCase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SR with a per-channel mean/std for saliency, against an independent numpy float64 evaluation of
 * the specification (src/test/resources/numpy/make_normalized_sr.py; the same formulas reproduce
 * the reference's golden saliency to 5e-7). Without the normalisation the maps differ clearly, so
 * this pins that the option is applied, and applied per channel before the grey conversion.
 */
class NormalizedSaliencyTest {
    @Test
    void perChannelNormalisationMatchesNumpy() throws IOException {
        GoldenCase g = GoldenCase.load("squares32");
        float[] input = g.floats("input.f32");
        float[] expected;
        try (InputStream in = getClass().getResourceAsStream("/numpy/sr_normalized_squares32.f32")) {
            byte[] b = in.readAllBytes();
            expected = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
        }
        ImageBatch batch = ImageBatch.of(3, 32, 32, Arrays.copyOf(input, 4 * 3072), new int[4], new long[] {0, 1, 2, 3});
        double[] mean = {0.4914, 0.4822, 0.4465};
        double[] std = {0.2470, 0.2435, 0.2616};
        double[] got = new double[4 * 1024];
        new SpectralResidualSaliency(mean, std).detect(batch, got);
        double[] plain = new double[4 * 1024];
        new SpectralResidualSaliency().detect(batch, plain);
        double worst = 0;
        double plainDiff = 0;
        for (int i = 0; i < 4; i++) {
            double max = 0;
            for (int p = 0; p < 1024; p++) {
                max = Math.max(max, expected[i * 1024 + p]);
            }
            for (int p = 0; p < 1024; p++) {
                worst = Math.max(worst, Math.abs(got[i * 1024 + p] - expected[i * 1024 + p]) / max);
                plainDiff = Math.max(plainDiff, Math.abs(plain[i * 1024 + p] - expected[i * 1024 + p]) / max);
            }
        }
        assertTrue(worst <= 1e-6, "normalised SR off by " + worst + " of the maximum");
        assertTrue(plainDiff > 1e-3, "SR without normalisation should differ, but only by " + plainDiff);
    }
}
