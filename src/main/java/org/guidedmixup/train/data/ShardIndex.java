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
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFooter;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.output.ShardSchema;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
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
    /** One shard file: its name, round, rows, and the writer partition its name starts with. */
    record Shard(String file, int round, long rows) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The writing task: files of one writer hold its batches, in order (a foreign name is its own). */
        String writer() {
            int p = ShardFormat.writerPartition(file);
            return p < 0 ? file : String.format(Locale.ROOT, "%010d", p);
        }
    }

    /** What one footer says: its rows and the rounds its round column's statistics span. */
    private record FooterRows(long rows, int minRound, int maxRound) {
    }

    private final List<Shard> shards;
    private final int rounds;

    private ShardIndex(List<Shard> shards, int rounds) {
        this.shards = shards;
        this.rounds = rounds;
    }

    /**
     * Reads every footer of {@code dir}'s shard files and checks them against {@code summary} and the
     * run's {@code settings}.
     *
     * @throws InputException one line naming the first file that does not fit, and why
     */
    static ShardIndex verify(FileSystem fs, Path dir, AugmentSummary summary, AugmentConfig settings, String output) {
        Map<String, FileStatus> onDisk = onDisk(fs, dir, output);
        String where = output + "/" + ShardFormat.SHARDS + "/";
        Map<String, Shard> listed = listed(summary, onDisk, where);
        Map<String, String> identity = ShardFooter.identity(settings, summary.channels(), summary.height(),
                summary.width(), summary.numClasses());
        List<Shard> shards = new ArrayList<>();
        long[] roundRows = new long[Math.max(summary.rounds(), 0)];
        Set<String> seenOptions = new HashSet<>();
        for (Map.Entry<String, FileStatus> e : onDisk.entrySet()) {
            String name = e.getKey();
            ParquetMetadata footer = footer(fs, e.getValue(), where + name);
            Map<String, String> meta = footer.getFileMetaData().getKeyValueMetaData();
            requireSameRun(meta, identity, where + name);
            seenOptions.add(meta.get(ShardFooter.OPTIONS));
            int round = round(name, rows(footer), listed, summary.rounds(), where);
            if (round < 0) {
                continue; // an empty file of an output from before summary.json listed its files
            }
            long rows = listed == null ? rows(footer).rows() : listed.get(name).rows();
            roundRows[round] += rows;
            shards.add(new Shard(name, round, rows));
        }
        if (seenOptions.size() > 1) {
            throw new InputException("the files of " + where + " come from " + seenOptions.size() + " different augment runs"
                    + " (their footers' options differ); rerun 'augment' into an empty --output");
        }
        long perRound = summary.outputSources();
        for (int r = 0; r < summary.rounds(); r++) {
            if (perRound >= 0 && roundRows[r] != perRound) {
                throw new InputException(String.format(Locale.ROOT, "round %d of %s holds %,d rows where the run kept %,d"
                        + " images (%s output_sources): %s; rerun 'augment'", r, where, roundRows[r], perRound, ShardFormat.SUMMARY,
                        roundRows[r] < perRound ? "files are missing" : "there are extra files"));
            }
        }
        return new ShardIndex(shards, summary.rounds());
    }

    /** The shard files in {@code dir} (every file a Parquet reader would read), by name. */
    private static Map<String, FileStatus> onDisk(FileSystem fs, Path dir, String output) {
        Map<String, FileStatus> onDisk = new TreeMap<>();
        try {
            if (!fs.exists(dir)) {
                throw new InputException("--data " + output + " has no " + ShardFormat.SHARDS + "/ folder; it is damaged:"
                        + " rerun 'augment'");
            }
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isFile() && ShardFormat.isShardFile(s.getPath().getName())) {
                    onDisk.put(s.getPath().getName(), s);
                }
            }
        } catch (IOException e) {
            throw new InputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return onDisk;
    }

    /**
     * The files summary.json lists, each checked to be on disk, and no other file on disk; null for
     * outputs from before it listed them.
     */
    private static Map<String, Shard> listed(AugmentSummary summary, Map<String, FileStatus> onDisk, String where) {
        if (summary.shardFiles() == null) {
            return null;
        }
        Map<String, Shard> listed = new TreeMap<>();
        for (AugmentSummary.ShardFile f : summary.shardFiles()) {
            listed.put(f.file(), new Shard(f.file(), f.round(), f.rows()));
        }
        for (Shard s : listed.values()) {
            if (!onDisk.containsKey(s.file())) {
                throw new InputException("shard file " + where + s.file() + " is missing: " + ShardFormat.SUMMARY + " lists it with "
                        + String.format(Locale.ROOT, "%,d", s.rows()) + " rows of round " + s.round() + " (" + onDisk.size()
                        + " of " + listed.size() + " files present); the output is damaged: rerun 'augment'");
            }
        }
        for (String name : onDisk.keySet()) {
            if (!listed.containsKey(name)) {
                throw new InputException("shard file " + where + name + " is not part of this augment run (" + ShardFormat.SUMMARY
                        + " lists " + listed.size() + " files, not this one); remove it or rerun 'augment'");
            }
        }
        return listed;
    }

    private static ParquetMetadata footer(FileSystem fs, FileStatus file, String named) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(file, fs.getConf()))) {
            return r.getFooter();
        } catch (IOException | RuntimeException ex) {
            throw new InputException("shard file " + named + " is damaged (" + file.getLen() + " bytes, its Parquet footer"
                    + " cannot be read: " + ErrorText.firstLine(ex.getMessage(), "unreadable") + "); the output is damaged:"
                    + " rerun 'augment'");
        }
    }

    /** Refuses a file that this project did not write, or that another run (other identity keys) wrote. */
    private static void requireSameRun(Map<String, String> meta, Map<String, String> identity, String named) {
        if (!meta.containsKey(ShardFooter.ALGORITHM)) {
            throw new InputException("shard file " + named + " was not written by 'guidedmixup augment' (no "
                    + ShardSchema.META_PREFIX + "* footer metadata); remove it or rerun 'augment'");
        }
        for (Map.Entry<String, String> want : identity.entrySet()) {
            String got = meta.get(want.getKey());
            if (got != null && !want.getValue().equals(got)) {
                throw new InputException("shard file " + named + " comes from another augment run (its "
                        + want.getKey().substring(ShardSchema.META_PREFIX.length()) + " is " + got + ", this run's is "
                        + want.getValue() + "); remove it or rerun 'augment'");
            }
        }
    }

    private static FooterRows rows(ParquetMetadata footer) {
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
        return new FooterRows(rows, minRound, maxRound);
    }

    /**
     * The round of file {@code name}: as summary.json lists it (its footer's rows must agree), or, for
     * older outputs, from the round column's statistics; -1 for an empty file of such an output.
     */
    private static int round(String name, FooterRows footer, Map<String, Shard> listed, int rounds, String where) {
        int round;
        if (listed != null) {
            Shard want = listed.get(name);
            if (footer.rows() != want.rows()) {
                throw new InputException(String.format(Locale.ROOT, "shard file %s%s holds %,d rows where %s"
                        + " says %,d; the output is damaged: rerun 'augment'", where, name, footer.rows(), ShardFormat.SUMMARY,
                        want.rows()));
            }
            round = want.round();
        } else if (footer.rows() == 0) {
            return -1;
        } else if (footer.minRound() == footer.maxRound()) {
            round = footer.minRound();
        } else {
            throw new InputException("shard file " + where + name + " holds rows of rounds " + footer.minRound() + " to "
                    + footer.maxRound() + " (or no round statistics); an augment output has one round per file: rerun 'augment'");
        }
        if (round < 0 || round >= rounds) {
            throw new InputException("shard file " + where + name + " holds round " + round + " but " + ShardFormat.SUMMARY + " says the"
                    + " run made " + rounds + " round(s); remove it or rerun 'augment'");
        }
        return round;
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
