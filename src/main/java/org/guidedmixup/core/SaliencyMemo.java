package org.guidedmixup.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The normalised saliency maps (step 2's z) of source images, by source id, kept for the length of
 * one job so that an image met again in a later round or epoch is not analysed again.
 *
 * <p>Why: a multi-round job augments the same source images in every round, only in other batches.
 * With a detector whose map depends on the image alone ({@link SaliencyDetector#dependsOnImageAlone()},
 * spectral residual), an image's z is the same in every round, bit for bit, and saliency is most of the
 * kernel's time: the 180 000-image Fashion-MNIST run (3 rounds) analyses 60 000 images instead of
 * 180 000 (docs/performance.md).
 *
 * <p>Bounded: maps are kept until their values reach the budget; images past it are analysed in
 * every round, as without a memo. All maps must have one length (one job's images have one size). Source ids must name the same pixels for as long as the memo lives
 * (one job). Thread-safe: the tasks of an in-process Spark job share one memo. Two tasks that analyse
 * the same image at once store the same values, and the first one stays.
 */
public final class SaliencyMemo {
    private final long budgetValues;
    private final long expectedImages;
    /** Slot of each kept map in {@link #values}; published after the slot's values are written. */
    private final ConcurrentHashMap<Long, Integer> slots = new ConcurrentHashMap<>();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final AtomicLong reused = new AtomicLong();
    /**
     * All kept maps in one array, slot s at [s * mapLength, (s + 1) * mapLength): one object that the
     * collector never copies through the young generation (ParallelGC allocates an array this large
     * in the old generation directly), where one array per map measured 2x the pause time.
     */
    private volatile double[] values;
    private int mapLength;
    private int capacity;

    /**
     * @param budgetBytes    the most map data kept (8 bytes per pixel), >= 0
     * @param expectedImages how many distinct images the job has (the storage is sized for them, up
     *                       to the budget), >= 0
     */
    public SaliencyMemo(long budgetBytes, long expectedImages) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("saliency memo budget must be >= 0 bytes, got " + budgetBytes);
        }
        if (expectedImages < 0) {
            throw new IllegalArgumentException("expected images must be >= 0, got " + expectedImages);
        }
        this.budgetValues = budgetBytes / Double.BYTES;
        this.expectedImages = expectedImages;
    }

    /**
     * Copies the kept map of {@code sourceId} into {@code dst[off .. off + len)}.
     *
     * @return false, leaving {@code dst} as it is, when no map of that length is kept
     */
    boolean copyInto(long sourceId, double[] dst, int off, int len) {
        Integer slot = slots.get(sourceId);
        if (slot == null || len != mapLength) {
            return false;
        }
        System.arraycopy(values, slot * len, dst, off, len);
        reused.incrementAndGet();
        return true;
    }

    /** Keeps a copy of {@code z[off .. off + len)} as the map of {@code sourceId}, while there is room. */
    void keep(long sourceId, double[] z, int off, int len) {
        if (slots.containsKey(sourceId) || !storageFor(len)) {
            return;
        }
        int slot = nextSlot.getAndIncrement();
        if (slot >= capacity) {
            return;
        }
        System.arraycopy(z, off, values, slot * len, len);
        // Two tasks that analysed the same image at once: the first stays, the other's slot is unused.
        slots.putIfAbsent(sourceId, slot);
    }

    /** Allocates the storage on first use, for maps of {@code len} values; false if it holds other maps or none fit. */
    private boolean storageFor(int len) {
        if (values == null) {
            synchronized (this) {
                if (values == null) {
                    long fit = Math.min(budgetValues / len, (Integer.MAX_VALUE - 8) / len);
                    capacity = (int) Math.min(fit, expectedImages);
                    mapLength = len;
                    values = new double[capacity * len];
                }
            }
        }
        return len == mapLength && capacity > 0;
    }

    /** Maps kept now. */
    public int size() {
        return slots.size();
    }

    /** Bytes of map storage allocated. */
    public long bytes() {
        double[] v = values;
        return v == null ? 0 : (long) v.length * Double.BYTES;
    }

    /** How many times a kept map was used instead of analysing its image again. */
    public long reused() {
        return reused.get();
    }
}
