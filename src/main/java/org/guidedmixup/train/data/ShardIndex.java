package org.guidedmixup.train.data;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.ShardSchema;
import org.guidedmixup.spark.output.AugmentSummary;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of an augment output's {@code shards/} folder, checked before training against what the
 * job recorded, from Parquet footers and {@code summary.json} only (no row is read): every file the
 * job committed is there with its row count, no other file is, every footer is readable and was
 * written by this run, and every round holds exactly one row per input image. Anything else is refused
 * with one line that names the file and the counts.
 *
 * <p>Outputs from before {@code summary.json} listed its files ({@code shard_files}) are checked by
 * rounds only: the rows of each round (from the footers' {@code round} statistics) must add up to the
 * images the job kept.
 */
final class ShardIndex implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Footer keys that identify a run: a file whose value differs was written by another run. */
    private static final String[] RUN_KEYS = {"seed", "batch_size", "pairing", "mixer", "image_shape", "num_classes"};

    /** One shard file: its name, round, rows, and the writer partition its name starts with. */
    record Shard(String file, int round, long rows) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The writing task's partition: files of one partition hold its batches, in order. */
        String writer() {
            return file.length() >= 10 && file.startsWith("part-") ? file.substring(0, 10) : file;
        }
    }

    private final List<Shard> shards;
    private final int rounds;

    private ShardIndex(List<Shard> shards, int rounds) {
        this.shards = shards;
        this.rounds = rounds;
    }

    /**
     * Reads every footer of {@code dir}'s Parquet files and checks them against {@code summary}.
     *
     * @throws InputException one line naming the first file that does not fit, and why
     */
    static ShardIndex verify(FileSystem fs, Path dir, AugmentSummary summary, String output) {
        int rounds = summary.rounds();
        long perRound = summary.outputSources();
        Map<String, FileStatus> onDisk = new TreeMap<>();
        try {
            if (!fs.exists(dir)) {
                throw new InputException("--data " + output + " has no shards/ folder; it is damaged: rerun 'augment'");
            }
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (s.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                    onDisk.put(name, s);
                }
            }
        } catch (IOException e) {
            throw new InputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Shard> listed = new TreeMap<>();
        boolean hasList = summary.shardFiles() != null;
        if (hasList) {
            for (AugmentSummary.ShardFile f : summary.shardFiles()) {
                listed.put(f.file(), new Shard(f.file(), f.round(), f.rows()));
            }
        }
        String where = output + "/shards/";
        if (hasList) {
            for (Shard s : listed.values()) {
                if (!onDisk.containsKey(s.file())) {
                    throw new InputException("shard file " + where + s.file() + " is missing: summary.json lists it with "
                            + String.format(Locale.ROOT, "%,d", s.rows()) + " rows of round " + s.round() + " (" + onDisk.size()
                            + " of " + listed.size() + " files present); the output is damaged: rerun 'augment'");
                }
            }
            for (String name : onDisk.keySet()) {
                if (!listed.containsKey(name)) {
                    throw new InputException("shard file " + where + name + " is not part of this augment run (summary.json"
                            + " lists " + listed.size() + " files, not this one); remove it or rerun 'augment'");
                }
            }
        }
        Map<String, String> runMeta = new HashMap<>();
        runMeta.put("seed", summary.setting("seed", null));
        runMeta.put("batch_size", summary.setting("batch-size", null));
        runMeta.put("num_classes", Integer.toString(summary.numClasses()));
        runMeta.put("image_shape", summary.channels() + "x" + summary.height() + "x" + summary.width());
        List<Shard> shards = new ArrayList<>();
        long[] roundRows = new long[Math.max(rounds, 0)];
        Set<String> seenMeta = new HashSet<>();
        for (Map.Entry<String, FileStatus> e : onDisk.entrySet()) {
            String name = e.getKey();
            ParquetMetadata footer;
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(e.getValue(), fs.getConf()))) {
                footer = r.getFooter();
            } catch (IOException | RuntimeException ex) {
                throw new InputException("shard file " + where + name + " is damaged (" + e.getValue().getLen()
                        + " bytes, its Parquet footer cannot be read: " + ErrorText.firstLine(ex.getMessage(), "unreadable")
                        + "); the output is damaged: rerun 'augment'");
            }
            Map<String, String> meta = footer.getFileMetaData().getKeyValueMetaData();
            if (!meta.containsKey(ShardSchema.META_PREFIX + "algorithm")) {
                throw new InputException("shard file " + where + name + " was not written by 'guidedmixup augment' (no "
                        + ShardSchema.META_PREFIX + "* footer metadata); remove it or rerun 'augment'");
            }
            for (String key : RUN_KEYS) {
                String want = runMeta.get(key);
                String got = meta.get(ShardSchema.META_PREFIX + key);
                if (want != null && got != null && !want.equals(got)) {
                    throw new InputException("shard file " + where + name + " comes from another augment run (its " + key
                            + " is " + got + ", this run's is " + want + "); remove it or rerun 'augment'");
                }
            }
            seenMeta.add(meta.get(ShardSchema.META_PREFIX + "options"));
            long rows = 0;
            int minRound = Integer.MAX_VALUE;
            int maxRound = Integer.MIN_VALUE;
            for (BlockMetaData b : footer.getBlocks()) {
                rows += b.getRowCount();
                for (ColumnChunkMetaData c : b.getColumns()) {
                    if (c.getPath().toDotString().equals(ShardSchema.ROUND)) {
                        Statistics<?> st = c.getStatistics();
                        if (st != null && st.hasNonNullValue()) {
                            minRound = Math.min(minRound, (Integer) st.genericGetMin());
                            maxRound = Math.max(maxRound, (Integer) st.genericGetMax());
                        }
                    }
                }
            }
            int round;
            if (hasList) {
                Shard want = listed.get(name);
                if (rows != want.rows()) {
                    throw new InputException(String.format(Locale.ROOT, "shard file %s%s holds %,d rows where summary.json"
                            + " says %,d; the output is damaged: rerun 'augment'", where, name, rows, want.rows()));
                }
                round = want.round();
            } else if (rows == 0) {
                continue;
            } else if (minRound == maxRound) {
                round = minRound;
            } else {
                throw new InputException("shard file " + where + name + " holds rows of rounds " + minRound + " to " + maxRound
                        + " (or no round statistics); an augment output has one round per file: rerun 'augment'");
            }
            if (round < 0 || round >= rounds) {
                throw new InputException("shard file " + where + name + " holds round " + round + " but summary.json says the"
                        + " run made " + rounds + " round(s); remove it or rerun 'augment'");
            }
            roundRows[round] += rows;
            shards.add(new Shard(name, round, rows));
        }
        if (seenMeta.size() > 1) {
            throw new InputException("the files of " + where + " come from " + seenMeta.size() + " different augment runs"
                    + " (their footers' options differ); rerun 'augment' into an empty --output");
        }
        for (int r = 0; r < rounds; r++) {
            if (perRound >= 0 && roundRows[r] != perRound) {
                throw new InputException(String.format(Locale.ROOT, "round %d of %s holds %,d rows where the run kept %,d"
                        + " images (summary.json output_sources): %s; rerun 'augment'", r, where, roundRows[r], perRound,
                        roundRows[r] < perRound ? "files are missing" : "there are extra files"));
            }
        }
        return new ShardIndex(shards, rounds);
    }

    int rounds() {
        return rounds;
    }

    /** Rows of one round. */
    long rows(int round) {
        long n = 0;
        for (Shard s : shards) {
            if (s.round() == round) {
                n += s.rows();
            }
        }
        return n;
    }

    /**
     * Round r's files grouped by the task that wrote them, groups and files in name order: each group
     * is one writer partition's batches, in the order it wrote them (a batch never spans two groups).
     */
    List<List<String>> groups(int round) {
        Map<String, List<String>> byWriter = new TreeMap<>();
        for (Shard s : shards) {
            if (s.round() == round) {
                byWriter.computeIfAbsent(s.writer(), w -> new ArrayList<>()).add(s.file());
            }
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> files : byWriter.values()) {
            files.sort(String::compareTo);
            out.add(files);
        }
        return out;
    }
}
