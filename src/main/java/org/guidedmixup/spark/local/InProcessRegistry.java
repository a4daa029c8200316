package org.guidedmixup.spark.local;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects a job shares with its tasks when Spark runs them as threads of the driver's JVM
 * ({@code local[*]}): the job registers an object and ships only the key with the closure, and a
 * task looks the object up here. In an executor JVM of a cluster the lookup finds nothing, which
 * each user handles (the saliency memo is skipped; the driver's images are never handed over so).
 *
 * @param <T> what is shared
 */
public final class InProcessRegistry<T> {
    private final ConcurrentHashMap<String, T> entries = new ConcurrentHashMap<>();

    /** Registers {@code value} under a new random key and returns the key. */
    public String put(T value) {
        String key = UUID.randomUUID().toString();
        entries.put(key, value);
        return key;
    }

    /** The value of {@code key}, or null for a null key or one registered in another JVM (or removed). */
    public T find(String key) {
        return key == null ? null : entries.get(key);
    }

    /** Removes the entry of {@code key} (null: nothing). */
    public void remove(String key) {
        if (key != null) {
            entries.remove(key);
        }
    }

    /** Entries registered now (tests: a finished job leaves none). */
    public int size() {
        return entries.size();
    }
}
