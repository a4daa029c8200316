package org.guidedmixup.core;

/**
 * Derives the random seed of one batch from (run seed, round, batch id) alone, so that every random
 * choice is the same whatever the executor, partition order or timing.
 */
public final class BatchSeed {
    private BatchSeed() {
    }

    public static long of(long seed, int round, long batchId) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ round);
        return mix(h ^ batchId);
    }

    /** SplitMix64's finaliser: a bijective, well-spread 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
