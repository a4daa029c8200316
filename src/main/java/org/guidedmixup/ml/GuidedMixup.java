package org.guidedmixup.ml;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.CropSpec;
import org.guidedmixup.transform.ImageSize;
import org.guidedmixup.spark.output.ShardSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;

/**
 * GuidedMixup as a Spark ML {@link Transformer}: a DataFrame of images and class labels in, the
 * augmented rows of one round out, with the schema of the {@code augment} job's shards (source_id,
 * partner_id, batch_id, round, mixed, label, partner_label, ratio, soft_label, height, width,
 * channels, image). It is one stage of a {@code Pipeline}, saves and loads with it, and works in
 * Scala, Java and SQL pipelines alike.
 *
 * <pre>{@code
 * Dataset<Row> mixed = new GuidedMixup()
 *         .setImageCol("image").setLabelCol("label").setIdCol("id")
 *         .setNumClasses(10).setBatchSize(32).setMixProb(0.5).setSeed(42).setRound(0)
 *         .transform(images);
 * }</pre>
 *
 * <p>The input's image column is binary (PNG, JPEG, BMP, GIF bytes) or a {@code {bytes, path}} struct
 * as Hugging Face datasets write it; the label column holds integer class ids in [0, numClasses).
 * {@code transform} is lazy: it only builds a query plan. When it runs, every image is placed by
 * (seed, round, id) into one of {@code partitions} groups, each group is cut into mini-batches of
 * {@code batchSize} exactly as the {@code augment} job cuts them, and each batch is mixed on the
 * executors by the same core. So with {@code idCol} holding the ids {@code augment} gave the images
 * (their position in the input) and the same settings, the output is the {@code augment} job's round
 * {@code round}, row for row and pixel for pixel. Without {@code idCol} the ids come from
 * {@code monotonically_increasing_id()}: unique but not consecutive, and tied to the input's
 * partitioning, so give an id column for runs that must be repeatable.
 *
 * <p>The output keeps every input column, as Spark transformers do, followed by the shard columns
 * (source and partner ids, batch, ratio, soft label, the mixed image, the crop box); an input column
 * whose name a shard column takes (typically {@code image} and {@code label}) is replaced by it. Each
 * output row carries the columns of its source row.
 *
 * <p>{@code partitions} is part of the recipe, not a tuning knob: the groups decide which images
 * share a mini-batch, so another value gives other pairs and other rows (as augment's
 * {@code --partitions} does). Keep it equal to the augment run you want to match.
 *
 * <p>Rows that cannot be used (null or undecodable image, label out of range) fail the job with one
 * line naming the row, or are left out with {@code handleInvalid = "skip"}. The group counts come
 * from a small aggregate inside the plan, so the input is read twice (and, with "skip", decoded
 * twice); cache it first when it is expensive to compute.
 */
public final class GuidedMixup extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> imageCol;
    private final Param<String> labelCol;
    private final Param<String> idCol;
    private final IntParam numClasses;
    private final IntParam batchSize;
    private final DoubleParam mixProb;
    private final Param<String> pairing;
    private final Param<String> mixer;
    private final DoubleParam alpha;
    private final DoubleParam labelSmoothing;
    private final LongParam seed;
    private final IntParam round;
    private final IntParam partitions;
    private final Param<String> imageEncoding;
    private final IntParam jpegQuality;
    private final Param<String> jpegSubsampling;
    private final BooleanParam softLabels;
    private final IntParam channels;
    private final Param<String> resize;
    private final Param<String> crop;
    private final BooleanParam flip;
    private final DoubleParam flipProb;
    private final Param<String> handleInvalid;

    public GuidedMixup() {
        this(Identifiable$.MODULE$.randomUID("guidedMixup"));
    }

    /** The values a choice Param takes: its enum's constants in lower case, so the two cannot drift apart. */
    private static <E extends Enum<E>> String[] choices(Class<E> kind) {
        E[] all = kind.getEnumConstants();
        String[] out = new String[all.length];
        for (int k = 0; k < all.length; k++) {
            out[k] = all[k].name().toLowerCase(java.util.Locale.ROOT);
        }
        return out;
    }

    /** With a given uid (Spark ML's loaders call this). */
    public GuidedMixup(String uid) {
        this.uid = uid;
        imageCol = new Param<>(this, "imageCol", "input column of images: binary (PNG, JPEG, BMP, GIF bytes) or a "
                + "struct {bytes, path} as Hugging Face writes it");
        labelCol = new Param<>(this, "labelCol", "input column of integer class ids in [0, numClasses)");
        idCol = new Param<>(this, "idCol", "input column of unique integer ids that become source_id; empty: "
                + "monotonically_increasing_id() (unique, not consecutive). With the ids augment gives "
                + "(positions in the input), the output equals augment's round");
        numClasses = new IntParam(this, "numClasses", "K, the number of classes and the length of soft_label (>= 2)",
                ParamValidators.gtEq(2));
        batchSize = new IntParam(this, "batchSize", "images per mini-batch (>= 2); images are paired and mixed "
                + "within a batch", ParamValidators.gtEq(2));
        mixProb = new DoubleParam(this, "mixProb", "probability that a batch is mixed; other batches pass through "
                + "clean (in [0, 1])", ParamValidators.inRange(0, 1));
        pairing = new Param<>(this, "pairing", "pairing rule: greedy (the paper's Algorithm 1: salient regions "
                + "overlap least) or random", ParamValidators.inArray(choices(MixupConfig.PairingKind.class)));
        mixer = new Param<>(this, "mixer", "mixing rule: guided (GuidedMixup, pixel-wise by saliency), mixup "
                + "(Input Mixup) or cutmix", ParamValidators.inArray(choices(MixupConfig.MixerKind.class)));
        alpha = new DoubleParam(this, "alpha", "Beta(alpha, alpha) of the mixup and cutmix mixers (>= 0; guided "
                + "does not use it)", ParamValidators.gtEq(0));
        labelSmoothing = new DoubleParam(this, "labelSmoothing", "epsilon of label smoothing applied to both "
                + "one-hot targets before mixing (in [0, 1))", ParamValidators.inRange(0, 1, true, false));
        seed = new LongParam(this, "seed", "seed of every random choice: placement, batches, mix draws");
        round = new IntParam(this, "round", "which augmented copy of the dataset (augment's round; >= 0): each "
                + "round has its own batches and mixes", ParamValidators.gtEq(0));
        partitions = new IntParam(this, "partitions", "groups the images are hashed into before batching "
                + "(augment's partitions; >= 1); also the output's partition count. It decides which images share a"
                + " batch: another value gives other pairs and rows", ParamValidators.gtEq(1));
        imageEncoding = new Param<>(this, "imageEncoding", "encoding of the output image column: png (lossless), "
                + "jpeg, or raw (uint8 bytes in C, H, W order)",
                ParamValidators.inArray(choices(AugmentConfig.ImageEncoding.class)));
        jpegQuality = new IntParam(this, "jpegQuality", "JPEG quality 1..100 for imageEncoding=jpeg",
                ParamValidators.inRange(1, 100));
        jpegSubsampling = new Param<>(this, "jpegSubsampling", "chroma subsampling of colour JPEG for "
                + "imageEncoding=jpeg: 4:2:0 (libjpeg-turbo) or 4:4:4 (every pixel keeps its own chroma)",
                GuidedMixup::validSubsampling);
        softLabels = new BooleanParam(this, "softLabels", "whether to output the soft_label column");
        channels = new IntParam(this, "channels", "channels of the images: 1 (grey), 3 (RGB), or 0: those of the "
                + "first image of each group", ParamValidators.inArray(new int[] {0, 1, 3}));
        resize = new Param<>(this, "resize", "HEIGHTxWIDTH to resize every image to (such as 224x224); empty: "
                + "images keep their size, which must be the same for all", GuidedMixup::validSize);
        crop = new Param<>(this, "crop", "base transform before the mixup, drawn per image from (seed, round, id) as "
                + "augment's --crop: " + CropSpec.FORMS, GuidedMixup::validCrop);
        flip = new BooleanParam(this, "flip", "random horizontal flip before the mixup, with probability flipProb");
        flipProb = new DoubleParam(this, "flipProb", "probability of the flip when flip is true (in [0, 1])",
                ParamValidators.inRange(0, 1));
        handleInvalid = new Param<>(this, "handleInvalid", "what to do with rows that cannot be used (null or "
                + "undecodable image, label out of range): error (fail, naming the row) or skip (leave them out)",
                ParamValidators.inArray(new String[] {"error", "skip"}));
        setDefault(imageCol, "image");
        setDefault(labelCol, "label");
        setDefault(idCol, "");
        setDefault(batchSize, 32);
        setDefault(mixProb, MixupConfig.DEFAULT_MIX_PROB);
        setDefault(pairing, "greedy");
        setDefault(mixer, "guided");
        setDefault(alpha, 1.0);
        setDefault(labelSmoothing, 0.0);
        setDefault(seed, 42L);
        setDefault(round, 0);
        setDefault(partitions, 8);
        setDefault(imageEncoding, "png");
        setDefault(jpegQuality, 95);
        setDefault(jpegSubsampling, "4:2:0");
        setDefault(softLabels, true);
        setDefault(channels, 0);
        setDefault(resize, "");
        setDefault(crop, "none");
        setDefault(flip, false);
        setDefault(flipProb, 0.5);
        setDefault(handleInvalid, "error");
    }

    private static boolean validSize(String s) {
        if (s == null || s.isBlank()) {
            return true;
        }
        try {
            ImageSize.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean validSubsampling(String s) {
        try {
            AugmentConfig.jpegSubsampling(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean validCrop(String s) {
        try {
            CropSpec.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String uid() {
        return uid;
    }

    // Params (Spark ML finds them through these public no-argument methods).
    public Param<String> imageCol() { return imageCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> idCol() { return idCol; }
    public IntParam numClasses() { return numClasses; }
    public IntParam batchSize() { return batchSize; }
    public DoubleParam mixProb() { return mixProb; }
    public Param<String> pairing() { return pairing; }
    public Param<String> mixer() { return mixer; }
    public DoubleParam alpha() { return alpha; }
    public DoubleParam labelSmoothing() { return labelSmoothing; }
    public LongParam seed() { return seed; }
    public IntParam round() { return round; }
    public IntParam partitions() { return partitions; }
    public Param<String> imageEncoding() { return imageEncoding; }
    public IntParam jpegQuality() { return jpegQuality; }
    public Param<String> jpegSubsampling() { return jpegSubsampling; }
    public BooleanParam softLabels() { return softLabels; }
    public IntParam channels() { return channels; }
    public Param<String> resize() { return resize; }
    public Param<String> crop() { return crop; }
    public BooleanParam flip() { return flip; }
    public DoubleParam flipProb() { return flipProb; }
    public Param<String> handleInvalid() { return handleInvalid; }

    public GuidedMixup setImageCol(String v) { set(imageCol, v); return this; }
    public GuidedMixup setLabelCol(String v) { set(labelCol, v); return this; }
    public GuidedMixup setIdCol(String v) { set(idCol, v); return this; }
    public GuidedMixup setNumClasses(int v) { set(numClasses, v); return this; }
    public GuidedMixup setBatchSize(int v) { set(batchSize, v); return this; }
    public GuidedMixup setMixProb(double v) { set(mixProb, v); return this; }
    public GuidedMixup setPairing(String v) { set(pairing, v.toLowerCase(Locale.ROOT)); return this; }
    public GuidedMixup setMixer(String v) { set(mixer, v.toLowerCase(Locale.ROOT)); return this; }
    public GuidedMixup setAlpha(double v) { set(alpha, v); return this; }
    public GuidedMixup setLabelSmoothing(double v) { set(labelSmoothing, v); return this; }
    public GuidedMixup setSeed(long v) { set(seed, v); return this; }
    public GuidedMixup setRound(int v) { set(round, v); return this; }
    public GuidedMixup setPartitions(int v) { set(partitions, v); return this; }
    public GuidedMixup setImageEncoding(String v) { set(imageEncoding, v.toLowerCase(Locale.ROOT)); return this; }
    public GuidedMixup setJpegQuality(int v) { set(jpegQuality, v); return this; }
    public GuidedMixup setJpegSubsampling(String v) { set(jpegSubsampling, v); return this; }
    public GuidedMixup setSoftLabels(boolean v) { set(softLabels, v); return this; }
    public GuidedMixup setChannels(int v) { set(channels, v); return this; }
    public GuidedMixup setResize(String v) { set(resize, v); return this; }
    public GuidedMixup setCrop(String v) { set(crop, v); return this; }
    public GuidedMixup setFlip(boolean v) { set(flip, v); return this; }
    public GuidedMixup setFlipProb(double v) { set(flipProb, v); return this; }
    public GuidedMixup setHandleInvalid(String v) { set(handleInvalid, v.toLowerCase(Locale.ROOT)); return this; }

    public String getImageCol() { return $(imageCol); }
    public String getLabelCol() { return $(labelCol); }
    public String getIdCol() { return $(idCol); }
    public int getNumClasses() { return (Integer) $(numClasses); }
    public int getBatchSize() { return (Integer) $(batchSize); }
    public double getMixProb() { return (Double) $(mixProb); }
    public String getPairing() { return $(pairing); }
    public String getMixer() { return $(mixer); }
    public double getAlpha() { return (Double) $(alpha); }
    public double getLabelSmoothing() { return (Double) $(labelSmoothing); }
    public long getSeed() { return (Long) $(seed); }
    public int getRound() { return (Integer) $(round); }
    public int getPartitions() { return (Integer) $(partitions); }
    public String getImageEncoding() { return $(imageEncoding); }
    public int getJpegQuality() { return (Integer) $(jpegQuality); }
    public String getJpegSubsampling() { return $(jpegSubsampling); }
    public boolean getSoftLabels() { return (Boolean) $(softLabels); }
    public int getChannels() { return (Integer) $(channels); }
    public String getResize() { return $(resize); }
    public String getCrop() { return $(crop); }
    public boolean getFlip() { return (Boolean) $(flip); }
    public double getFlipProb() { return (Double) $(flipProb); }
    public String getHandleInvalid() { return $(handleInvalid); }

    /**
     * The shard schema, after checking the input's columns: the image column binary or a struct with
     * a binary {@code bytes} field, the label and id columns integers, and numClasses set.
     *
     * @throws IllegalArgumentException naming the column (or Param) and what to do
     */
    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(numClasses)) {
            throw new IllegalArgumentException("GuidedMixup: numClasses is not set; call setNumClasses(K) with the"
                    + " number of classes (labels are 0..K-1)");
        }
        StructField image = field(schema, getImageCol(), "imageCol");
        DataType it = image.dataType();
        if (it instanceof StructType st) {
            if (!Arrays.asList(st.fieldNames()).contains("bytes") || !(st.apply("bytes").dataType() instanceof BinaryType)) {
                throw new IllegalArgumentException("GuidedMixup: column '" + image.name() + "' (imageCol) is "
                        + it.simpleString() + ", a struct without a binary 'bytes' field; expected binary image bytes"
                        + " or a struct {bytes: binary, path: string}");
            }
        } else if (!(it instanceof BinaryType)) {
            throw new IllegalArgumentException("GuidedMixup: column '" + image.name() + "' (imageCol) is "
                    + it.simpleString() + "; expected binary image bytes (PNG, JPEG, ...) or a struct {bytes, path}");
        }
        StructField label = field(schema, getLabelCol(), "labelCol");
        if (!integral(label.dataType())) {
            throw new IllegalArgumentException("GuidedMixup: column '" + label.name() + "' (labelCol) is "
                    + label.dataType().simpleString() + "; expected integer class ids"
                    + (label.dataType() instanceof StringType ? " (index class names first, e.g. with StringIndexer)" : ""));
        }
        if (!getIdCol().isEmpty()) {
            StructField id = field(schema, getIdCol(), "idCol");
            if (!integral(id.dataType())) {
                throw new IllegalArgumentException("GuidedMixup: column '" + id.name() + "' (idCol) is "
                        + id.dataType().simpleString() + "; expected integer ids (long, int)");
            }
        }
        return outputSchema(schema);
    }

    /**
     * The caller's columns, then the shard columns: as Spark transformers do, every input column is
     * kept, except one whose name an output column takes (a column named {@code image} or {@code label}
     * becomes the mixed image and the source's label).
     */
    private StructType outputSchema(StructType schema) {
        StructType shards = ShardSchema.shards(getSoftLabels());
        StructType kept = keptColumns(schema, shards);
        StructType out = new StructType();
        for (StructField f : kept.fields()) {
            out = out.add(f);
        }
        for (StructField f : shards.fields()) {
            out = out.add(f);
        }
        return out;
    }

    /** The input's columns that the output keeps as they are (those whose names no shard column takes). */
    private static StructType keptColumns(StructType schema, StructType shards) {
        java.util.Set<String> taken = new java.util.HashSet<>(Arrays.asList(shards.fieldNames()));
        StructType kept = new StructType();
        for (StructField f : schema.fields()) {
            if (!taken.contains(f.name())) {
                kept = kept.add(f);
            }
        }
        return kept;
    }

    private static boolean integral(DataType t) {
        return t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType;
    }

    private static StructField field(StructType schema, String name, String param) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("GuidedMixup: the input has no column '" + name + "' (" + param
                + "); its columns are " + String.join(", ", schema.fieldNames()) + "; name the right one with set"
                + Character.toUpperCase(param.charAt(0)) + param.substring(1));
    }

    /**
     * The augmented rows of round {@code round}. Lazy: builds the query plan only; no Spark job runs
     * until the result is used.
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        MixupTask task = task();
        boolean struct = dataset.schema().apply(getImageCol()).dataType() instanceof StructType;
        boolean hasPath = struct && Arrays.asList(((StructType) dataset.schema().apply(getImageCol()).dataType())
                .fieldNames()).contains("path");
        Column id = getIdCol().isEmpty() ? monotonically_increasing_id() : col(getIdCol()).cast(DataTypes.LongType);
        StructType kept = keptColumns(dataset.schema(), ShardSchema.shards(getSoftLabels()));
        List<Column> columns = new ArrayList<>(List.of(
                id.as(Batching.ID),
                col(getLabelCol()).cast(DataTypes.LongType).as(Batching.LABEL),
                struct ? col(getImageCol() + ".bytes").as(Batching.BYTES) : col(getImageCol()).as(Batching.BYTES),
                hasPath ? col(getImageCol() + ".path").cast(DataTypes.StringType).as(Batching.PATH)
                        : lit(null).cast(DataTypes.StringType).as(Batching.PATH)));
        if (kept.size() > 0) {
            columns.add(functions.struct(Arrays.stream(kept.fieldNames()).map(n -> col("`" + n + "`"))
                    .toArray(Column[]::new)).as(Batching.CALLER));
        }
        Dataset<Row> records = dataset.select(columns.toArray(new Column[0]));
        // Each record's group and place in it: a function of (seed, round, id) alone.
        Dataset<Row> placed = records.mapPartitions(new Batching.Place(task),
                Encoders.row(Batching.placed(kept.size() > 0 ? kept : null)));
        // Images per group and the first batch id of each: a P-row aggregate, broadcast to the rows. The
        // batch count is the batch plan's own tail rule (BatchPlan.batchCount), called inside the query.
        int m = getBatchSize();
        UserDefinedFunction batchCount = functions.udf((UDF1<Long, Long>) n -> BatchPlan.batchCount(n, m),
                DataTypes.LongType);
        Dataset<Row> counts = placed.groupBy(Batching.GROUP).count()
                .withColumn("batches", batchCount.apply(col("count")));
        Dataset<Row> before = counts.as("a").join(counts.as("b"), col("b." + Batching.GROUP).lt(col("a." + Batching.GROUP)), "left")
                .groupBy(col("a." + Batching.GROUP).as(Batching.GROUP), col("a.count").as(Batching.COUNT))
                .agg(coalesce(sum(col("b.batches")), lit(0L)).cast(DataTypes.LongType).as(Batching.FIRST_BATCH));
        Dataset<Row> batched = placed.join(broadcast(before), Batching.GROUP)
                .repartition(getPartitions(), col(Batching.GROUP))
                .sortWithinPartitions(Batching.GROUP, Batching.ORDER, Batching.ID);
        return batched.mapPartitions(new Batching.Mix(task), Encoders.row(transformSchema(dataset.schema())));
    }

    /** Everything the executors need, validated once here. */
    private MixupTask task() {
        MixupConfig mixup = new MixupConfig(getNumClasses(), MixupConfig.PairingKind.parse(getPairing()),
                MixupConfig.MixerKind.parse(getMixer()), getMixProb(), getAlpha(), getLabelSmoothing());
        int h = 0;
        int w = 0;
        if (!getResize().isBlank()) {
            ImageSize size = ImageSize.parse(getResize());
            h = size.height();
            w = size.width();
        }
        BaseTransform transform = new BaseTransform(CropSpec.parse(getCrop()), getFlip() ? getFlipProb() : 0);
        if (transform.setsSize() && h > 0) {
            throw new IllegalArgumentException("GuidedMixup: crop '" + getCrop() + "' and resize '" + getResize() + "' both size"
                    + " the images; clear resize (the crop makes " + transform.crop().size() + "x" + transform.crop().size() + " images)");
        }
        return new MixupTask(mixup, transform, getSeed(), getRound(), getPartitions(), getBatchSize(), getChannels(), h, w,
                getImageEncoding(), getJpegQuality(), AugmentConfig.jpegSubsampling(getJpegSubsampling()), getSoftLabels(),
                "skip".equals(getHandleInvalid()), getImageCol(), getLabelCol());
    }

    @Override
    public GuidedMixup copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Spark ML's reader: {@code GuidedMixup.load(path)}, and what {@code Pipeline} loading calls. */
    public static MLReader<GuidedMixup> read() {
        return new DefaultParamsReader<>();
    }

    public static GuidedMixup load(String path) {
        return read().load(path);
    }
}
