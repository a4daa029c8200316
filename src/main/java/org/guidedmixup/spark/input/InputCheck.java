package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaRDD;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.SourceRecord;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One pass of {@link ImageDecoder#check} over an input the executors read: what the run's batch
 * plans need before any round (the rejects by kind, the good records per partition of each round,
 * the rounds' row-key sums) and the rejected records themselves, without keeping a pixel.
 *
 * @param tally   the counts, as {@link InputTally} keeps them
 * @param rejects every rejected record, with its reason (few: they go to the rejects table)
 */
record InputCheck(InputTally tally, List<DecodedImage> rejects) {

    static InputCheck run(JavaRDD<SourceRecord> records, ImageSpec spec, int classes, long seed, int shuffledRounds,
                          int partitions, int rounds) {
        List<Tuple2<InputTally, List<DecodedImage>>> parts = records.mapPartitions(it -> {
            List<DecodedImage> found = new ArrayList<>();
            Iterator<DecodedImage> verdicts = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public DecodedImage next() {
                    DecodedImage d = ImageDecoder.check(it.next(), spec, classes);
                    if (d.isRejected()) {
                        found.add(d);
                    }
                    return d;
                }
            };
            InputTally t = InputTally.of(verdicts, seed, shuffledRounds, partitions, rounds);
            return List.of(new Tuple2<>(t, found)).iterator();
        }).collect();
        InputTally tally = parts.get(0)._1();
        List<DecodedImage> rejects = new ArrayList<>(parts.get(0)._2());
        for (int i = 1; i < parts.size(); i++) {
            tally = tally.merge(parts.get(i)._1());
            rejects.addAll(parts.get(i)._2());
        }
        return new InputCheck(tally, rejects);
    }

    /** The source ids of {@link #rejects}. */
    Set<Long> rejectedIds() {
        Set<Long> ids = new HashSet<>();
        for (DecodedImage d : rejects) {
            ids.add(d.sourceId);
        }
        return ids;
    }

    /**
     * Decodes a record that passed the input check. One that fails now changed during the run: the
     * task fails, rather than the record dropping silently out of its batch.
     */
    static DecodedImage decodeChecked(SourceRecord r, ImageSpec spec, int numClasses) {
        DecodedImage d = ImageDecoder.decode(r, spec, numClasses);
        if (d.isRejected()) {
            throw new IllegalStateException("record " + r.sourceId + (r.path == null ? "" : " (" + r.path + ")")
                    + " passed the input check but now fails: " + d.rejectReason
                    + "; was the input changed during the run? Rerun on an input that stays put");
        }
        return d;
    }
}
