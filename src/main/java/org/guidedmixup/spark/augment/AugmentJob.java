package org.guidedmixup.spark.augment;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.core.SaliencyMemo;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.spark.output.ShardFooter;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.io.Version;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.input.InputPrefetch;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.OutputCheck;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.output.RejectsTable;
import org.guidedmixup.spark.output.StagedOutput;
import org.guidedmixup.spark.output.TaskParquetFiles;
import org.guidedmixup.spark.readback.Explanation;
import org.guidedmixup.spark.readback.Preview;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.guidedmixup.spark.saliency.SaliencyMemos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offline augment job: input → decode (rejects aside) → per round, deterministic exact
 * mini-batches → GuidedMixup on executors → Parquet shards, rejects table, summary.json, preview.
 *
 * <p>Everything is written to a hidden staging folder beside the output and renamed into place
 * only when complete, with {@code _SUCCESS} last; a failed run deletes its staging folder, so no
 * output ever looks complete without being so. Before the rename the job checks that every input
 * record is in the output (once per round) or in the rejects.
 */
public final class AugmentJob {
    private final SparkSession spark;
    private final AugmentConfig cfg;
    private static final Logger LOG = LoggerFactory.getLogger(AugmentJob.class);

    private final SaliencyFactory saliency;
    private InputPrefetch prefetch;

    /** The job with spectral-residual saliency (the only model-free detector). */
    public AugmentJob(SparkSession spark, AugmentConfig cfg) {
        this(spark, cfg, SaliencyFactory.spectralResidual(cfg.saliencyMean(), cfg.saliencyStd(), cfg.saliencyEngine()));
    }

    /** The job with the given saliency detector (gradient saliency needs a model: see the train package). */
    public AugmentJob(SparkSession spark, AugmentConfig cfg, SaliencyFactory saliency) {
        this.spark = spark;
        this.cfg = cfg;
        this.saliency = saliency;
    }

    /** Uses the input as the command line began reading it before Spark started (see {@link InputPrefetch}). */
    public AugmentJob withPrefetchedInput(InputPrefetch prefetch) {
        this.prefetch = prefetch;
        return this;
    }

    public AugmentSummary run() {
        long start = System.nanoTime();
        return StagedOutput.write(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite(),
                (staging, out, fs) -> runInto(staging, out, fs, start));
    }

    private AugmentSummary runInto(Path staging, Path out, FileSystem fs, long start) throws IOException {
        Map<String, Double> stages = new LinkedHashMap<>();
        long t = System.nanoTime();
        DecodedInput in;
        try {
            in = DecodedInput.load(spark, cfg, null, 0, prefetch);
        } catch (DecodedInput.TooManyRejectsException e) {
            throw keepRejects(e, out, fs);
        }
        saliency.checkFits(in.spec(), in.numClasses());
        stages.put("read_and_decode", seconds(t));
        // Every round meets every image again: with tasks in this JVM and the Java engine (whose maps
        // depend on each image alone), each image's map is computed once.
        boolean reusable = cfg.rounds() > 1 && spark.sparkContext().isLocal() && KernelWarmup.javaKernel(saliency)
                && cfg.mixupConfig(in.numClasses()).usesSaliency() && !in.spec().transform().isRandom();
        String memo = reusable
                ? SaliencyMemos.open(cfg.saliencyCacheBytes(), in.valid(), in.spec().height() * in.spec().width())
                : null;
        try {
            return augmentRounds(staging, out, fs, start, stages, in, memo);
        } finally {
            SaliencyMemos.close(memo);
        }
    }

    /**
     * The rounds into the staging folder, as named steps: plan the rounds, write the rejects table,
     * augment and write the shards, verify them against the input, draw the preview, and write
     * summary.json and {@code _SUCCESS} last.
     */
    private AugmentSummary augmentRounds(Path staging, Path out, FileSystem fs, long start, Map<String, Double> stages,
                                         DecodedInput in, String memo) throws IOException {
        List<AugmentRound> rounds = planRounds(in, memo);
        ShardWriting writing = ShardWriting.of(cfg);
        KernelWarmup.startIfUseful(spark.sparkContext().isLocal(), in, rounds.get(0), writing);
        // The driver's Hadoop settings (spark.hadoop.*: file systems, credentials) go to the writing tasks.
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        long t = System.nanoTime();
        writeRejects(in, staging, hadoop, fs);
        stages.put("rejects", seconds(t));

        t = System.nanoTime();
        JobMetrics metrics = new JobMetrics(spark.sparkContext(), cfg.preview() ? cfg.previewRows() : 0);
        Path shardsPath = new Path(staging, ShardFormat.SHARDS);
        Committed committed = writeShards(in, rounds, writing, metrics, shardsPath, hadoop);
        double augmentSeconds = seconds(t);
        stages.put("augment_and_write", augmentSeconds);
        LOG.info(String.format(Locale.ROOT, "augmented and wrote %,d rows in %.1f s", in.valid() * cfg.rounds(), augmentSeconds));
        SaliencyMemo kept = SaliencyMemos.find(memo);
        long reused = kept == null ? 0 : kept.reused();
        if (kept != null) {
            LOG.info(String.format(Locale.ROOT, "saliency: %,d maps kept (%.0f MB), used %,d times instead of analysing"
                    + " their images again", kept.size(), kept.bytes() / 1e6, reused));
        }

        t = System.nanoTime();
        AugmentSummary.Written written = verify(in, committed, metrics, shardsPath, fs, reused);
        stages.put("verify", seconds(t));

        String preview = null;
        if (cfg.preview()) {
            t = System.nanoTime();
            preview = writePreview(in, metrics, staging, out, fs);
            stages.put("preview", seconds(t));
        }
        in.release();

        ImageSpec spec = in.spec();
        AugmentSummary summary = AugmentSummary.of(ShardFormat.display(out),
                new AugmentSummary.Input(in.source().format(), in.source().count(), in.rejected(), in.valid(),
                        in.rejectReasons()),
                new AugmentSummary.Images(in.numClasses(), in.classNames(), spec.channels(), spec.height(), spec.width(),
                        spec.transform().toString()),
                new AugmentSummary.Written(written.rounds(), written.rows(), written.mixedRows(), written.meanRatio(),
                        written.batches(), written.shardFiles(), written.bytes(), written.saliencyMapsReused(), preview),
                new AugmentSummary.Timing(seconds(start), in.valid() * cfg.rounds() / Math.max(1e-9, augmentSeconds),
                        stages, executorSeconds(metrics, spec)),
                cfg.rendered());
        try (FSDataOutputStream os = fs.create(new Path(staging, ShardFormat.SUMMARY), false)) {
            os.write(JsonFormat.pretty().writeValueAsBytes(summary));
        }
        fs.create(new Path(staging, ShardFormat.SUCCESS), false).close();
        return summary;
    }

    /** Each round's parameters: its batch plan, the mixup, the saliency detector and the memo. */
    private List<AugmentRound> planRounds(DecodedInput in, String memo) {
        List<AugmentRound> rounds = new ArrayList<>(cfg.rounds());
        for (int round = 0; round < cfg.rounds(); round++) {
            rounds.add(new AugmentRound(in.spec(), cfg.mixupConfig(in.numClasses()), saliency, cfg.seed(), round,
                    in.plans().plan(cfg, round), memo));
        }
        return rounds;
    }

    /** The rejects table (empty when nothing was rejected), beside the shards. */
    private void writeRejects(DecodedInput in, Path staging, SerializableConfiguration hadoop, FileSystem fs)
            throws IOException {
        RejectsTable.write(in.rejectedRecords(), in.rejected(), new TaskParquetFiles.Target(
                new Path(staging, ShardFormat.REJECTS).toString(), hadoop, Long.MAX_VALUE, cfg.rowGroupBytes(), null),
                spark.version(), fs);
        if (in.rejected() > 0) {
            LOG.warn(String.format(Locale.ROOT, "%,d records rejected %s; see %s/", in.rejected(), in.rejectReasons(),
                    ShardFormat.REJECTS));
        }
    }

    /**
     * The files the rounds' tasks committed, and where each round's partitions start: the union numbers
     * its partitions round after round, round r writes partitions [roundStart[r], roundStart[r + 1]),
     * and a file's name starts with its partition.
     */
    private record Committed(List<TaskParquetFiles.Written> files, int[] roundStart) {
    }

    /** Augments every round on the executors, each task writing its own Parquet files. */
    private Committed writeShards(DecodedInput in, List<AugmentRound> rounds, ShardWriting writing, JobMetrics metrics,
                                  Path shardsPath, SerializableConfiguration hadoop) throws IOException {
        // Every encoded image is unique: Parquet would hash each into a dictionary until the
        // dictionary overflows and it falls back to plain (180 000-image run: 0.3-0.7 s of CPU less
        // without, the same 124.6 MB of shards).
        TaskParquetFiles.Target shardsTarget = new TaskParquetFiles.Target(shardsPath.toString(), hadoop,
                cfg.rowsPerFile(), cfg.rowGroupBytes(), ShardSchema.IMAGE);
        Map<String, String> meta = footerMetadata(in.numClasses(), in.classNames(), in.spec());
        JavaRDD<TaskParquetFiles.Written> written = null;
        int[] roundStart = new int[rounds.size() + 1];
        for (AugmentRound task : rounds) {
            JavaRDD<TaskParquetFiles.Written> round = in.sorted(task.plan())
                    .mapPartitions(new PartitionAugmenter(task, writing, metrics, shardsTarget, spark.version(), meta));
            roundStart[task.round() + 1] = roundStart[task.round()] + round.getNumPartitions();
            written = written == null ? round : written.union(round);
        }
        LOG.info(String.format(Locale.ROOT, "decoded %,d images (%,d rejected); augmenting %d round(s) in batches of %d",
                in.valid(), in.rejected(), cfg.rounds(), cfg.batchSize()));
        try (Progress ignored = new Progress(metrics.images, in.valid() * cfg.rounds(), cfg.progressSeconds())) {
            return new Committed(written.collect(), roundStart);
        }
    }

    /**
     * The shards on disk are exactly the committed files, and hold every kept image once per round
     * ({@link OutputCheck}); what was written, as the summary records it.
     */
    private AugmentSummary.Written verify(DecodedInput in, Committed committed, JobMetrics metrics, Path shardsPath,
                                          FileSystem fs, long reused) throws IOException {
        fs.delete(new Path(shardsPath, TaskParquetFiles.TEMPORARY), true);
        List<String> files = shardFiles(fs, shardsPath);
        requireCommitted(committed.files(), files);
        long rowsOnDisk = 0;
        long bytes = 0;
        List<AugmentSummary.ShardFile> shardFiles = new ArrayList<>(files.size());
        for (String f : files) {
            long rows = TaskParquetFiles.footerRows(fs, new Path(f));
            rowsOnDisk += rows;
            String name = new Path(f).getName();
            shardFiles.add(new AugmentSummary.ShardFile(name, roundOf(ShardFormat.writerPartition(name),
                    committed.roundStart()), rows));
        }
        long expectedKeySum = 0;
        for (int round = 0; round < cfg.rounds(); round++) {
            expectedKeySum += in.rowKeySum(round);
        }
        new OutputCheck(in.valid() * cfg.rounds(), expectedKeySum, metrics.images.value(), metrics.rowKeySum.value(),
                rowsOnDisk).require(in.valid(), cfg.rounds());
        for (String f : files) {
            bytes += fs.getFileStatus(new Path(f)).getLen();
        }
        long mixedRows = metrics.mixedRows.value();
        double meanRatio = mixedRows == 0 ? 0.0 : metrics.mixedRatioFixed.value() * JobMetrics.RATIO_UNIT / mixedRows;
        return new AugmentSummary.Written(cfg.rounds(), rowsOnDisk, mixedRows, meanRatio, metrics.batches.value(),
                shardFiles, bytes, reused, null);
    }

    /** The contact sheet of the rows the writing tasks kept as they wrote them (no second pass); null if none. */
    private String writePreview(DecodedInput in, JobMetrics metrics, Path staging, Path out, FileSystem fs)
            throws IOException {
        Path png = new Path(staging, ShardFormat.PREVIEW);
        String preview;
        try (FSDataOutputStream os = fs.create(png, false)) {
            int drawn = Preview.write(metrics.preview.value(), in::lookup, in.spec(), cfg.seed(),
                    cfg.saliencyMean(), cfg.saliencyStd(), in.classNames(),
                    cfg.imageEncoding() == AugmentConfig.ImageEncoding.RAW,
                    cfg.imageEncoding() == AugmentConfig.ImageEncoding.JPEG, Explanation.of(cfg), os);
            preview = drawn > 0 ? ShardFormat.display(new Path(out, ShardFormat.PREVIEW)) : null;
        }
        if (preview == null) {
            fs.delete(png, false);
        }
        return preview;
    }

    /** Executor seconds per step, summed over tasks. */
    private static Map<String, Double> executorSeconds(JobMetrics metrics, ImageSpec spec) {
        Map<String, Double> executor = new LinkedHashMap<>();
        if (metrics.decodeNanos.value() > 0) {
            executor.put("decoding", metrics.decodeNanos.value() / 1e9);
        }
        if (!spec.transform().isIdentity()) {
            executor.put("transform", metrics.transformNanos.value() / 1e9);
        }
        executor.put("saliency", metrics.saliencyNanos.value() / 1e9);
        executor.put("pairing_mixing", metrics.mixNanos.value() / 1e9);
        executor.put("encoding", metrics.encodeNanos.value() / 1e9);
        executor.put("writing", metrics.writeNanos.value() / 1e9);
        return executor;
    }

    /**
     * A run that rejected too much fails, but its rejects table is what the user needs to see why: it
     * is written beside the output, as {@code NAME.rejects/}, which never looks like an augment output.
     */
    private InputException keepRejects(DecodedInput.TooManyRejectsException e, Path out, FileSystem fs) throws IOException {
        DecodedInput in = e.input();
        try {
            Path table = ShardFormat.failedRejects(out);
            fs.delete(table, true);
            SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
            RejectsTable.write(in.rejectedRecords(), in.rejected(), new TaskParquetFiles.Target(table.toString(), hadoop,
                    Long.MAX_VALUE, cfg.rowGroupBytes(), null), spark.version(), fs);
            return new InputException(e.getMessage() + "; the rejected records are listed in " + ShardFormat.display(table));
        } finally {
            in.release();
        }
    }

    /** The table's files must be exactly those the tasks committed: no file lost, none left by a dead attempt. */
    public static void requireCommitted(List<TaskParquetFiles.Written> committed, List<String> files) {
        Set<String> want = new TreeSet<>();
        for (TaskParquetFiles.Written w : committed) {
            want.add(w.name());
        }
        Set<String> have = new TreeSet<>();
        for (String f : files) {
            have.add(new Path(f).getName());
        }
        if (!want.equals(have)) {
            throw new IllegalStateException("the shards folder holds " + have.size() + " files where the tasks committed "
                    + want.size() + "; not published (" + (have.containsAll(want) ? "extra files" : "missing files") + ")");
        }
    }

    private Map<String, String> footerMetadata(int k, List<String> classNames, ImageSpec spec) throws IOException {
        return new ShardFooter(Version.get(), cfg.mixer() == MixupConfig.MixerKind.GUIDED ? "GuidedMixup" : cfg.mixer().id(),
                saliency.name(), cfg.pairing().id(), cfg.mixer().id(), cfg.batchSize(), cfg.seed(), k, classNames,
                cfg.imageEncoding().name().toLowerCase(Locale.ROOT),
                cfg.imageEncoding() == AugmentConfig.ImageEncoding.JPEG ? cfg.jpegQuality() : null, spec, cfg.rendered()).toMap();
    }

    /** The round whose partitions [roundStart[r], roundStart[r + 1]) hold {@code partition}. */
    static int roundOf(int partition, int[] roundStart) {
        for (int r = 0; r + 1 < roundStart.length; r++) {
            if (partition < roundStart[r + 1]) {
                return r;
            }
        }
        throw new IllegalStateException("shard partition " + partition + " is past the last round's");
    }

    private static List<String> shardFiles(FileSystem fs, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isFile() && ShardFormat.isShardFile(name)) {
                files.add(s.getPath().toString());
            }
        }
        files.sort(String::compareTo);
        return files;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e6) / 1e3;
    }
}
