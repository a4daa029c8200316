package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Draws lambda ~ Beta(alpha, alpha) for Input Mixup and CutMix, as the reference's
 * {@code get_lambda} does (alpha &lt;= 0 gives 1). Gamma variates by Marsaglia and Tsang (2000); kept
 * here, a few lines, so the core depends on nothing beyond the JDK and JTransforms.
 */
public final class BetaSampler {
    private BetaSampler() {
    }

    public static double symmetric(double alpha, RandomGenerator rng) {
        if (alpha <= 0) {
            return 1.0;
        }
        double x = gamma(alpha, rng);
        double y = gamma(alpha, rng);
        return x / (x + y);
    }

    static double gamma(double shape, RandomGenerator rng) {
        if (shape < 1) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
