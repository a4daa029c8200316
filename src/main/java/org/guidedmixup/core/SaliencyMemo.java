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
 * every round, as without a memo. All maps have one length (one job's images have one size).
 * Source ids must name the same pixels for as long as the memo lives (one job). Thread-safe: the
 * tasks of an in-process Spark job share one memo. Two tasks that analyse the same image at once
 * store the same values, and the first one stays.
 */
public final class SaliencyMemo {
    private final int mapLength;
    private final int capacity;
    /** Slot of each kept map in {@link #values}; published after the slot's values are written. */
    private final ConcurrentHashMap<Long, Integer> slots = new ConcurrentHashMap<>();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final AtomicLong reused = new AtomicLong();
    /**
     * All kept maps in one array, slot s at [s * mapLength, (s + 1) * mapLength): one object that the
     * collector never copies through the young generation (ParallelGC allocates an array this large
     * in the old generation directly); null until {@link #allocate()}.
     */
    private volatile double[] values;

    /**
     * @param budgetBytes    the most map data kept (8 bytes per pixel), >= 0
     * @param expectedImages how many distinct images the job has (the storage is sized for them, up
     *                       to the budget), >= 0
     * @param mapLength      pixels per map (H x W), >= 1
     */
    public SaliencyMemo(long budgetBytes, long expectedImages, int mapLength) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("saliency memo budget must be >= 0 bytes, got " + budgetBytes);
        }
        if (expectedImages < 0) {
            throw new IllegalArgumentException("expected images must be >= 0, got " + expectedImages);
        }
        if (mapLength < 1) {
            throw new IllegalArgumentException("map length must be >= 1, got " + mapLength);
        }
        this.mapLength = mapLength;
        long fit = Math.min(budgetBytes / Double.BYTES / mapLength, (Integer.MAX_VALUE - 8) / mapLength);
        this.capacity = (int) Math.min(fit, expectedImages);
    }

    /**
     * Allocates the storage (once; later calls do nothing). Until then no map is kept. Allocating
     * hundreds of MB means first touches of fresh memory, measured at 35-680 ms for 376 MB here:
     * a job does it on a thread of its own, so that no task waits for it.
     */
    public synchronized void allocate() {
        if (values == null) {
            values = new double[capacity * mapLength];
        }
    }

    /**
     * Copies the kept map of {@code sourceId} into {@code dst[off .. off + len)}.
     *
     * @return false, leaving {@code dst} as it is, when no map of that length is kept
     */
    boolean copyInto(long sourceId, double[] dst, int off, int len) {
        if (len != mapLength) {
            return false;
        }
        Integer slot = slots.get(sourceId);
        if (slot == null) {
            return false;
        }
        System.arraycopy(values, slot * len, dst, off, len);
        reused.incrementAndGet();
        return true;
    }

    /** Keeps a copy of {@code z[off .. off + len)} as the map of {@code sourceId}, while there is room. */
    void keep(long sourceId, double[] z, int off, int len) {
        double[] v = values;
        if (v == null || len != mapLength || slots.containsKey(sourceId)) {
            return;
        }
        int slot = nextSlot.getAndIncrement();
        if (slot >= capacity) {
            return;
        }
        System.arraycopy(z, off, v, slot * len, len);
        // Two tasks that analysed the same image at once: the first stays, the other's slot is unused.
        slots.putIfAbsent(sourceId, slot);
    }

    /** Bytes the storage takes once allocated. */
    public long capacityBytes() {
        return (long) capacity * mapLength * Double.BYTES;
    }

    /** Maps kept now. */
    public int size() {
        return slots.size();
    }

    /** Bytes of map storage allocated. */
    public long bytes() {
        return values == null ? 0 : capacityBytes();
    }

    /** How many times a kept map was used instead of analysing its image again. */
    public long reused() {
        return reused.get();
    }
}
