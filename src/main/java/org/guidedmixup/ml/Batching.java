package org.guidedmixup.ml;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageEncoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.transform.Draw;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.batch.BatchStream;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.saliency.SaliencyEngine;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.nd4j.shade.guava.collect.AbstractIterator;
import scala.Tuple2;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The two executor-side steps of {@link GuidedMixup#transform}: {@link Place} gives every record its
 * group and place in the group (the augment job's shuffled batch plan), and {@link Mix} cuts each
 * sorted group into the job's batches and mixes them with the core, one batch at a time.
 */
final class Batching {
    static final String ID = "_gm_id";
    static final String LABEL = "_gm_label";
    static final String BYTES = "_gm_bytes";
    static final String PATH = "_gm_path";
    static final String GROUP = "_gm_group";
    static final String ORDER = "_gm_order";
    static final String COUNT = "_gm_count";
    static final String FIRST_BATCH = "_gm_first_batch";
    /** The caller's columns that the output keeps, as one struct carried beside each record. */
    static final String CALLER = "_gm_caller";
    /** Largest image (in pixels) a header may declare: augment's default max-pixels, from conf/augment.conf. */
    static final long MAX_PIXELS = org.guidedmixup.config.ConfigLayers.defaults().getLong("augment.max-pixels");

    private static final StructType PLACED = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
        DataTypes.createStructField(GROUP, DataTypes.IntegerType, false),
        DataTypes.createStructField(ORDER, DataTypes.LongType, false),
        DataTypes.createStructField(ID, DataTypes.LongType, false),
        DataTypes.createStructField(LABEL, DataTypes.LongType, true),
        DataTypes.createStructField(BYTES, DataTypes.BinaryType, true),
        DataTypes.createStructField(PATH, DataTypes.StringType, true)});

    /** The placed records' schema: with the caller's kept columns as one struct, when there are any (null: none). */
    static StructType placed(StructType caller) {
        return caller == null ? PLACED : PLACED.add(CALLER, caller, true);
    }

    private Batching() {
    }

    /** Why a record cannot be used, or null when it can (as far as is known before decoding). */
    static String unusable(Row r, MixupTask t, int label, int bytes) {
        if (r.isNullAt(label)) {
            return "label (column '" + t.labelCol() + "') is null";
        }
        long v = r.getLong(label);
        int k = t.mixup().numClasses();
        if (v < 0 || v >= k) {
            return "label " + v + " is out of range: numClasses is " + k + " (labels 0.." + (k - 1) + ")";
        }
        if (r.isNullAt(bytes)) {
            return "image (column '" + t.imageCol() + "') is null";
        }
        return null;
    }

    static IllegalArgumentException invalid(long id, String reason) {
        return new IllegalArgumentException("GuidedMixup: the row with id " + id + " cannot be used: " + reason
                + "; fix or filter it, or setHandleInvalid(\"skip\") to leave such rows out");
    }

    /** Adds group and order; with handleInvalid = skip, leaves out the records that cannot be used. */
    record Place(MixupTask t) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            return new AbstractIterator<>() {
                @Override
                protected Row computeNext() {
                    while (in.hasNext()) {
                        Row r = in.next();
                        if (r.isNullAt(0)) {
                            throw new IllegalArgumentException("GuidedMixup: a row has a null id; every row needs an id");
                        }
                        long id = r.getLong(0);
                        if (t.skip() && !usable(r)) {
                            continue;
                        }
                        int group = BatchPlan.Shuffled.partitionOf(t.seed(), t.round(), id, t.partitions());
                        long order = BatchPlan.Shuffled.orderOf(t.seed(), t.round(), id);
                        Long label = r.isNullAt(1) ? null : r.getLong(1);
                        return r.size() > 4 ? RowFactory.create(group, order, id, label, r.get(2), r.get(3), r.get(4))
                                : RowFactory.create(group, order, id, label, r.get(2), r.get(3));
                    }
                    return endOfData();
                }

                private boolean usable(Row r) {
                    if (unusable(r, t, 1, 2) != null) {
                        return false;
                    }
                    SourceRecord rec = SourceRecord.encoded(r.getLong(0), (int) r.getLong(1), r.getString(3), (byte[]) r.get(2));
                    try {
                        ImageDecoder.Shape s = ImageDecoder.probe(rec, MAX_PIXELS);
                        return !ImageDecoder.decode(rec, spec(t, s), t.mixup().numClasses()).isRejected();
                    } catch (IOException e) {
                        return false;
                    }
                }
            };
        }
    }

    /** The run's image shape for a group whose first image has shape {@code first}, as augment chooses it. */
    static ImageSpec spec(MixupTask t, ImageDecoder.Shape first) {
        int channels = t.channels() == 0 ? first.channels() : t.channels();
        if (t.transform().setsSize()) {
            int s = t.transform().crop().size();
            return new ImageSpec(channels, s, s, false, MAX_PIXELS, t.transform());
        }
        return new ImageSpec(channels, t.height() == 0 ? first.height() : t.height(), t.width() == 0 ? first.width() : t.width(),
                t.height() > 0, MAX_PIXELS, t.transform());
    }

    /** Sorted rows of one or more groups in, the shard rows of their batches out, one batch held at a time. */
    record Mix(MixupTask t) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            return new Output(t, in);
        }
    }

    /** The output rows of a sorted partition. */
    private static final class Output implements Iterator<Row> {
        private final MixupTask t;
        private final Iterator<Row> in;
        private final int k;
        private final ImageEncoder encoder;
        private int group;
        private int order;
        private int id;
        private int label;
        private int bytes;
        private int path;
        private int count;
        private int first;
        private int caller = -1;
        /** The caller's columns of the records taken into the stream and not yet written out, by id. */
        private final Map<Long, Row> callers = new HashMap<>();
        private Row ahead;
        private BatchStream stream;
        private ImageSpec spec;
        private AugmentedBatch batch;
        private int next;
        private byte[] scratch = new byte[0];

        Output(MixupTask t, Iterator<Row> in) {
            this.t = t;
            this.in = in;
            this.k = t.mixup().numClasses();
            this.encoder = AugmentConfig.ImageEncoding.valueOf(t.encoding().toUpperCase(Locale.ROOT)).newEncoder(t.jpegQuality(),
                    t.jpegFullChroma());
            if (in.hasNext()) {
                ahead = in.next();
                StructType s = ahead.schema();
                group = s.fieldIndex(GROUP);
                order = s.fieldIndex(ORDER);
                id = s.fieldIndex(ID);
                label = s.fieldIndex(LABEL);
                bytes = s.fieldIndex(BYTES);
                path = s.fieldIndex(PATH);
                count = s.fieldIndex(COUNT);
                first = s.fieldIndex(FIRST_BATCH);
                caller = java.util.Arrays.asList(s.fieldNames()).contains(CALLER) ? s.fieldIndex(CALLER) : -1;
            }
        }

        @Override
        public boolean hasNext() {
            while (batch == null || next == batch.size()) {
                if (stream != null && stream.hasNext()) {
                    batch = stream.next();
                    next = 0;
                } else if (ahead != null) {
                    startGroup();
                } else {
                    return false;
                }
            }
            return true;
        }

        private void startGroup() {
            Row head = ahead;
            int g = head.getInt(group);
            SourceRecord rec = record(head);
            try {
                spec = spec(t, ImageDecoder.probe(rec, MAX_PIXELS));
            } catch (IOException e) {
                throw invalid(rec.sourceId, e.getMessage());
            }
            if (scratch.length < spec.length()) {
                scratch = new byte[spec.length()];
            }
            BatchPlan plan = new BatchPlan.Slice(t.batchSize(), head.getLong(first), head.getLong(count));
            AugmentRound round = new AugmentRound(spec, t.mixup(),
                    SaliencyFactory.spectralResidual(new double[0], new double[0], SaliencyEngine.AUTO),
                    t.seed(), t.round(), plan, null);
            Iterator<Tuple2<BatchPlan.Key, DecodedImage>> images = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ahead != null && ahead.getInt(group) == g;
                }

                @Override
                public Tuple2<BatchPlan.Key, DecodedImage> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = ahead;
                    ahead = in.hasNext() ? in.next() : null;
                    SourceRecord rec = record(r);
                    if (caller >= 0) {
                        callers.put(rec.sourceId, r.getStruct(caller));
                    }
                    DecodedImage d = ImageDecoder.decode(rec, spec, k);
                    if (d.isRejected()) {
                        throw invalid(rec.sourceId, d.rejectReason + (t.height() == 0 && d.rejectReason.contains("--resize")
                                ? " (images differ in size: setResize(\"HxW\"))" : ""));
                    }
                    return new Tuple2<>(new BatchPlan.Key(g, r.getLong(order), rec.sourceId), d);
                }
            };
            stream = new BatchStream(images, round);
            batch = null;
        }

        private SourceRecord record(Row r) {
            long sourceId = r.getLong(id);
            String why = unusable(r, t, label, bytes);
            if (why != null) {
                throw invalid(sourceId, why);
            }
            return SourceRecord.encoded(sourceId, (int) r.getLong(label), r.isNullAt(path) ? null : r.getString(path),
                    (byte[]) r.get(bytes));
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            AugmentedBatch out = batch;
            int i = next++;
            byte[] px = stream.storedPixels(out, i, scratch);
            byte[] image = encoder.encode(px, spec.channels(), spec.height(), spec.width());
            int p = out.partner(i);
            Row kept = caller >= 0 ? callers.remove(out.input().id(i)) : null;
            int keptColumns = kept == null ? 0 : kept.size();
            Object[] v = new Object[keptColumns + (t.softLabels() ? 18 : 17)];
            int c = 0;
            for (; c < keptColumns; c++) {
                v[c] = kept.get(c);
            }
            v[c++] = out.input().id(i);
            v[c++] = p < 0 ? null : out.input().id(p);
            v[c++] = stream.batchId();
            v[c++] = t.round();
            v[c++] = out.mixed();
            v[c++] = out.input().label(i);
            v[c++] = p < 0 ? null : out.input().label(p);
            v[c++] = (float) out.ratio(i);
            if (t.softLabels()) {
                v[c++] = Arrays.copyOfRange(out.softLabels(), i * k, (i + 1) * k);
            }
            v[c++] = spec.height();
            v[c++] = spec.width();
            v[c++] = spec.channels();
            v[c++] = image;
            Draw d = stream.draw(i);
            boolean cropped = d != null && t.transform().setsSize();
            v[c++] = cropped ? d.top() : null;
            v[c++] = cropped ? d.left() : null;
            v[c++] = cropped ? d.height() : null;
            v[c++] = cropped ? d.width() : null;
            v[c] = d != null && t.transform().flipProb() > 0 ? d.flipped() : null;
            return RowFactory.create(v);
        }
    }
}
