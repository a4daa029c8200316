package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.batch.RoundPlans;
import org.guidedmixup.spark.batch.BatchStream;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.transform.BaseTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An input read and decoded for a run: the reader, the decoder with its rejects, and what each
 * round's batch plan needs ({@link #plans}, owned by {@code spark.batch}). The offline augment job and online training both start here, so they see the same
 * records, the same rejects and the same batches.
 *
 * @param decoded         every record, decoded or rejected: held on the driver (IDX, CIFAR), or decoded
 *                        again whenever read (never persisted); {@link #release()} when done
 * @param good            the decoded records
 * @param rejects         the rejected records, with their reasons
 * @param plans           each round's batch plan, from the good records per partition counted while
 *                        loading for the config's rounds (other rounds are counted when asked for)
 * @param rowKeySums      per round of the config, the sum of {@link InputTally#rowKeyHash} over the good records:
 *                        what the rows of that round must add up to
 * @param images          how the good images reach the tasks: held on the driver and handed over
 *                        ({@link DriverImages}: IDX, CIFAR), read by path in each round's tasks
 *                        ({@link PathImages}: folder, manifest), or the encoded records shuffled
 *                        into batches and decoded after it ({@link ShuffledImages}: Parquet)
 */
public record DecodedInput(InputRdd source, ImageSpec spec, int numClasses, List<String> classNames,
                           JavaRDD<DecodedImage> decoded, JavaRDD<DecodedImage> good, JavaRDD<DecodedImage> rejects, long rejected,
                           Map<String, Long> rejectReasons, RoundPlans plans, long[] rowKeySums, GoodImages images) {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedInput.class);

    /**
     * Reads and decodes {@code cfg}'s input. {@code fixedSpec} (nullable) forces the image shape, as
     * when an evaluation set must match a model; otherwise it comes from the config or the data.
     */
    public static DecodedInput load(SparkSession spark, AugmentConfig cfg, ImageSpec fixedSpec, int fixedClasses) {
        return load(spark, cfg, fixedSpec, fixedClasses, null);
    }

    /** @param prefetch the input as the command line began reading it before Spark started, or null */
    public static DecodedInput load(SparkSession spark, AugmentConfig cfg, ImageSpec fixedSpec, int fixedClasses,
                                    InputPrefetch prefetch) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(cfg.partitions(), jsc.defaultParallelism());
        InputRdd src = InputReader.read(spark, cfg, slices, prefetch);
        int k = fixedClasses > 0 ? fixedClasses : cfg.numClasses() > 0 ? cfg.numClasses()
                : src.formatClasses() > 0 ? src.formatClasses() : Math.max(1, src.maxLabelPlusOne());
        List<String> classNames = !cfg.classNames().isEmpty() ? cfg.classNames() : src.classNames();
        if (!classNames.isEmpty() && classNames.size() != k) {
            LOG.warn(String.format(Locale.ROOT, "%d class names for %d classes; names are used for display only",
                    classNames.size(), k));
        }
        ImageSpec spec = fixedSpec != null ? fixedSpec : chooseSpec(cfg, src);
        if (cfg.saliencyMean().length != 0 && cfg.saliencyMean().length != spec.channels()) {
            throw new ConfigError("saliency-mean: got " + cfg.saliencyMean().length + " values but the images have "
                    + spec.channels() + " channel(s); give one value per channel");
        }
        LOG.info(String.format(Locale.ROOT, "read %,d %s records from %s; %d classes; images %dx%dx%d%s",
                src.count(), src.format(), cfg.input(), k, spec.channels(), spec.height(), spec.width(),
                spec.transform().setsSize() ? " (" + spec.transform() + ")" : cfg.resize() ? " (resized)"
                        : spec.transform().isIdentity() ? "" : " (" + spec.transform() + ")"));
        final int classes = k;
        final long seed = cfg.seed();
        final int partitions = cfg.partitions();
        final int shuffledRounds = cfg.shuffle() ? cfg.rounds() : 0;
        final int rounds = cfg.rounds();
        JavaRDD<DecodedImage> decoded;
        InputTally tally;
        DriverImages driver = null;
        GoodImages readAgain = null;
        JavaRDD<DecodedImage> rejects = null;
        if (src.onDriver() != null && DriverImages.fits((long) src.onDriver().size() * spec.length())) {
            // The reader holds every record on the driver: decode and count here, and let the rounds'
            // batches come from a broadcast instead of a shuffle.
            List<SourceRecord> records = src.onDriver();
            DecodedImage[] all = new DecodedImage[records.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = ImageDecoder.decode(records.get(i), spec, classes);
            }
            DecodedImage[] good = Arrays.stream(all).filter(d -> !d.isRejected()).toArray(DecodedImage[]::new);
            tally = InputTally.of(Arrays.asList(all).iterator(), seed, shuffledRounds, partitions, rounds);
            driver = new DriverImages(jsc, good);
            // Only previews, rejects tables and evaluation read these; they are not kept.
            decoded = jsc.parallelize(Arrays.asList(all), src.records().getNumPartitions());
        } else {
            // Checked once; each round's tasks then decode their own images (by path, or after a
            // shuffle of the encoded records). Nothing decoded is persisted.
            InputCheck check = InputCheck.run(src.records(), spec, classes, seed, shuffledRounds, partitions, rounds);
            tally = check.tally();
            List<DecodedImage> rejectList = check.rejects();
            Set<Long> rejectedIds = check.rejectedIds();
            if (src.byPath()) {
                List<SourceRecord> goodRecords = new ArrayList<>();
                for (SourceRecord r : src.listed()) {
                    if (!rejectedIds.contains(r.sourceId)) {
                        goodRecords.add(r);
                    }
                }
                readAgain = new PathImages(jsc, goodRecords.toArray(new SourceRecord[0]), spec, classes);
            } else {
                readAgain = new ShuffledImages(src.records(), rejectedIds, spec, classes);
            }
            // Not persisted: only evaluation, tests and lookups read the decoded records, once.
            decoded = src.records().map(r -> ImageDecoder.decode(r, spec, classes));
            rejects = jsc.parallelize(rejectList, Math.max(1, Math.min(rejectList.size(), src.records().getNumPartitions())));
        }
        Map<String, Long> reasons = tally.rejectReasons;
        long rejectCount = tally.rejected;
        if (rejectCount == src.count()) {
            decoded.unpersist(false);
            throw new InputException("every one of the " + src.count() + " records of " + cfg.input()
                    + " was rejected (" + reasons + "); nothing to use");
        }
        JavaRDD<DecodedImage> good = decoded.filter(d -> !d.isRejected());
        GoodImages images = driver != null ? driver : readAgain;
        if (rejects == null) {
            rejects = decoded.filter(DecodedImage::isRejected);
        }
        DecodedInput in = new DecodedInput(src, spec, k, classNames, decoded, good, rejects, rejectCount, reasons,
                RoundPlans.of(src.count(), tally.partitionCounts, seed, partitions, images::partitionCounts),
                tally.rowKeySums, images);
        if (rejectCount > cfg.maxRejects() * src.count()) {
            throw new TooManyRejectsException(in, String.format(Locale.ROOT, "%,d of the %,d records of %s were rejected"
                    + " (%.1f %%, over max-rejects %.0f %%): %s; fix the input or the settings (a crop or --resize for"
                    + " images of mixed sizes), or raise --max-rejects", rejectCount, src.count(), cfg.input(),
                    100.0 * rejectCount / src.count(), 100 * cfg.maxRejects(), reasons));
        }
        return in;
    }

    /**
     * Thrown when more of the input was rejected than {@code max-rejects} allows. It carries the
     * loaded input, so that the job can still write the rejects table for inspection (and must
     * release it).
     */
    public static final class TooManyRejectsException extends InputException {
        private static final long serialVersionUID = 1L;
        private final transient DecodedInput input;

        TooManyRejectsException(DecodedInput input, String message) {
            super(message);
            this.input = input;
        }

        public DecodedInput input() {
            return input;
        }
    }


    public long valid() {
        return source.count() - rejected;
    }

    public JavaRDD<DecodedImage> rejectedRecords() {
        return rejects;
    }

    /**
     * The first {@code limit} good images of partition 0 of a round, in batch order, when the driver
     * holds the images (else null): what that partition's task reads first. Safe from any thread.
     */
    public Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit) {
        return images.partitionHead(plan, limit);
    }

    /** The good records of a round, in their partitions and in batch order: what a {@link BatchStream} reads. */
    public JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan) {
        return images.sorted(plan);
    }

    /** {@link #sorted} through Spark's shuffle, whatever the input (tests compare the two ways). */
    JavaPairRDD<BatchPlan.Key, DecodedImage> sortedByShuffle(BatchPlan plan) {
        Set<Long> rejectedIds = new java.util.HashSet<>(rejects.map(d -> d.sourceId).collect());
        return new ShuffledImages(source.records(), rejectedIds, spec, numClasses).sorted(plan);
    }

    /** The sum of {@link InputTally#rowKeyHash} over the good records for this round (the check of the job's output). */
    public long rowKeySum(int round) {
        if (round < rowKeySums.length) {
            return rowKeySums[round];
        }
        return images.rowKeySum(round);
    }

    /** The decoded images of the given source ids (only those: inputs can be large). */
    public List<DecodedImage> lookup(Set<Long> ids) {
        return images.lookup(ids);
    }

    public void release() {
        decoded.unpersist(false);
        images.release();
    }

    /**
     * Channels and size of the run: from the config (a crop's S, --resize), else from the first
     * readable record. Without a crop or --resize every image must have one size: a run whose first
     * records already differ is refused here, before anything is decoded.
     */
    private static ImageSpec chooseSpec(AugmentConfig cfg, InputRdd src) {
        BaseTransform transform = cfg.transform();
        int channels = cfg.channels();
        int h = transform.setsSize() ? transform.crop().size() : cfg.resizeHeight();
        int w = transform.setsSize() ? transform.crop().size() : cfg.resizeWidth();
        boolean fixedSize = h > 0;
        if (channels == 0 || !fixedSize) {
            ImageDecoder.Shape shape = null;
            List<String> errors = new ArrayList<>();
            Set<String> sizes = new TreeSet<>();
            int probed = 0;
            int otherSize = 0;
            // Records the driver holds need no Spark job to look at.
            List<SourceRecord> first = src.onDriver() != null
                    ? src.onDriver().subList(0, Math.min(64, src.onDriver().size())) : src.records().take(64);
            for (SourceRecord r : first) {
                try {
                    ImageDecoder.Shape s = ImageDecoder.probe(r, cfg.maxPixels());
                    shape = shape == null ? s : shape;
                    probed++;
                    otherSize += s.height() != shape.height() || s.width() != shape.width() ? 1 : 0;
                    sizes.add(s.height() + "x" + s.width());
                    if (fixedSize) {
                        break;
                    }
                } catch (IOException e) {
                    errors.add("record " + r.sourceId + ": " + e.getMessage());
                }
            }
            if (shape == null) {
                throw new InputException("none of the first records of " + cfg.input() + " is a readable image ("
                        + String.join("; ", errors.subList(0, Math.min(3, errors.size()))) + ")");
            }
            // A few odd sizes are rejects; a sample mostly of other sizes than the first image's would
            // reject most of the input (over max-rejects): that run is misconfigured, so say so now.
            if (!fixedSize && otherSize > cfg.maxRejects() * probed) {
                List<String> seen = new ArrayList<>(sizes);
                throw new InputException("the images of " + cfg.input() + " have different sizes (" + otherSize + " of the first "
                        + probed + " differ from the first image's " + shape.height() + "x" + shape.width() + "; sizes seen: "
                        + String.join(", ", seen.subList(0, Math.min(4, seen.size()))) + (seen.size() > 4 ? ", ..." : "")
                        + ") and nothing sizes them: pass a crop (--crop random-resized:224 --flip to train, --crop center:256,224"
                        + " to evaluate) or --resize HxW");
            }
            channels = channels == 0 ? shape.channels() : channels;
            if (!fixedSize) {
                h = shape.height();
                w = shape.width();
            }
        }
        return new ImageSpec(channels, h, w, cfg.resize(), cfg.maxPixels(), transform, cfg.draft());
    }
}
