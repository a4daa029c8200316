package org.guidedmixup.spark.saliency;

import org.guidedmixup.core.SaliencyMemo;
import org.guidedmixup.spark.local.InProcessRegistry;

/**
 * The {@link SaliencyMemo}s of the jobs running in this JVM, by key. A job that runs its tasks in
 * the driver's JVM ({@code local[*]}) opens one and ships only its key with the tasks; a task finds
 * the memo here, or, in an executor JVM of a cluster, finds none and analyses every image (a memo
 * per executor would hold maps of images that the next round sends elsewhere).
 */
public final class SaliencyMemos {
    private static final InProcessRegistry<SaliencyMemo> MEMOS = new InProcessRegistry<>();
    /** Storage up to this size is allocated before the tasks start; larger on a thread of its own. */
    static final long ALLOCATE_AT_ONCE = 32L << 20;

    private SaliencyMemos() {
    }

    /**
     * Opens a memo for a job whose tasks run in this JVM and that meets each image more than once.
     *
     * @param budgetBytes the configured budget; the memo gets at most a quarter of the heap
     * @param images      how many distinct images the job has
     * @param mapLength   pixels per map (H x W)
     * @return its key, or null when there is nothing to keep (budget 0)
     */
    public static String open(long budgetBytes, long images, int mapLength) {
        long budget = Math.min(budgetBytes, Runtime.getRuntime().maxMemory() / 4);
        if (budget <= 0) {
            return null;
        }
        SaliencyMemo memo = new SaliencyMemo(budget, images, mapLength);
        String key = MEMOS.put(memo);
        if (memo.capacityBytes() <= ALLOCATE_AT_ONCE) {
            memo.allocate();
        } else {
            // Large storage is first touched off the tasks' threads; maps computed before it is
            // there are not kept (their images are analysed again in a later round).
            Thread t = new Thread(memo::allocate, "guidedmixup-saliency-memo");
            t.setDaemon(true);
            t.start();
        }
        return key;
    }

    /** The memo of {@code key}, or null for a null key or one opened in another JVM (or closed). */
    public static SaliencyMemo find(String key) {
        return MEMOS.find(key);
    }

    /** Drops the memo of {@code key} (null: nothing); its maps go with it. */
    public static void close(String key) {
        MEMOS.remove(key);
    }

    /** Memos open now (tests: a finished job leaves none). */
    public static int count() {
        return MEMOS.size();
    }
}
