package org.guidedmixup.train.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.guidedmixup.core.SoftLabels;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.nd4j.shade.guava.collect.AbstractIterator;
import org.nd4j.shade.guava.collect.Iterators;
import org.nd4j.shade.guava.collect.PeekingIterator;
import org.guidedmixup.spark.output.ShardSchema;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Shard files to training DataSets, with parquet-hadoop alone (no Spark): what {@link ShardEpochs}
 * runs in its tasks and {@code ShardDataSetIterator} runs on one machine. Each mini-batch (rows of
 * one batch_id, in source_id order) becomes one {@code DataSet} with the soft labels as targets: the
 * {@code soft_label} column, or rebuilt from label, partner_label and ratio (with the run's label
 * smoothing) when the job dropped it.
 */
public final class ShardReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ImageSpec spec;
    private final int k;
    private final boolean raw;
    private final double eps;

    /**
     * @param raw whether the image column holds raw C x H x W bytes (else PNG or JPEG)
     * @param eps     the run's label smoothing, for shards written without soft labels
     */
    public ShardReader(ImageSpec spec, int k, boolean raw, double eps) {
        this.spec = spec;
        this.k = k;
        this.raw = raw;
        this.eps = eps;
    }

    /** The columns an epoch reads, in this order: batch_id, source_id, label, partner_label, ratio, image[, soft_label]. */
    static final String[] COLUMNS = {ShardSchema.BATCH_ID, ShardSchema.SOURCE_ID, ShardSchema.LABEL,
        ShardSchema.PARTNER_LABEL, ShardSchema.RATIO, ShardSchema.IMAGE, ShardSchema.SOFT_LABEL};

    /** One shard row, as much of it as training needs. */
    record ShardExample(long batchId, long sourceId, int label, int partnerLabel, float ratio, byte[] image, float[] soft) {
    }

    /** One mini-batch of the shards: its batch id and its DataSet. */
    public record Batch(long id, DataSet data) {
    }

    /**
     * The DataSets of the given files, read in order: consecutive rows of one batch_id become one
     * DataSet. Lazy: one file open and one batch held at a time.
     */
    public Iterator<Batch> batches(List<String> files, Configuration conf) {
        return toDataSets(rows(files, conf));
    }

    /** The files' rows in order, only the columns training needs. */
    static Iterator<ShardExample> rows(List<String> files, Configuration conf) {
        return new AbstractIterator<>() {
            private int next;
            private ParquetReader<Group> reader;

            @Override
            protected ShardExample computeNext() {
                try {
                    while (true) {
                        if (reader != null) {
                            Group g = reader.read();
                            if (g != null) {
                                return example(g);
                            }
                            reader.close();
                            reader = null;
                        }
                        if (next == files.size()) {
                            return endOfData();
                        }
                        reader = open(new Path(files.get(next++)), conf);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read shard file " + files.get(next - 1) + ": " + e.getMessage(), e);
                } catch (InputException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // parquet-hadoop reports a damaged file ("is not a Parquet file") unchecked.
                    throw new InputException("cannot read shard file " + files.get(next - 1) + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** A reader of the columns training needs (Parquet skips the others' bytes). */
    private static ParquetReader<Group> open(Path file, Configuration conf) throws IOException {
        Configuration c = new Configuration(conf);
        MessageType full;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            full = r.getFooter().getFileMetaData().getSchema();
        }
        List<Type> keep = new ArrayList<>();
        for (String name : COLUMNS) {
            if (full.containsField(name)) {
                keep.add(full.getType(name));
            }
        }
        c.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(full.getName(), keep).toString());
        return ParquetReader.builder(new GroupReadSupport(), file).withConf(c).build();
    }

    private static ShardExample example(Group g) {
        float[] soft = null;
        if (g.getType().containsField(ShardSchema.SOFT_LABEL)) {
            Group list = g.getGroup(ShardSchema.SOFT_LABEL, 0);
            int n = list.getFieldRepetitionCount(0);
            soft = new float[n];
            for (int i = 0; i < n; i++) {
                soft[i] = list.getGroup(0, i).getFloat(0, 0);
            }
        }
        return new ShardExample(g.getLong(ShardSchema.BATCH_ID, 0), g.getLong(ShardSchema.SOURCE_ID, 0),
                g.getInteger(ShardSchema.LABEL, 0),
                g.getFieldRepetitionCount(ShardSchema.PARTNER_LABEL) == 0 ? -1 : g.getInteger(ShardSchema.PARTNER_LABEL, 0),
                g.getFloat(ShardSchema.RATIO, 0), g.getBinary(ShardSchema.IMAGE, 0).getBytes(), soft);
    }

    /**
     * Consecutive rows of one batch_id become one DataSet, its examples in source_id order (the
     * order online batches have; a task writes a batch's rows in another order).
     */
    Iterator<Batch> toDataSets(Iterator<ShardExample> rows) {
        DataSetBuilder ex = new DataSetBuilder(spec.channels(), spec.height(), spec.width(), k);
        float[] target = new float[k];
        List<ShardExample> batch = new ArrayList<>();
        PeekingIterator<ShardExample> ahead = Iterators.peekingIterator(rows);
        return new AbstractIterator<>() {
            @Override
            protected Batch computeNext() {
                if (!ahead.hasNext()) {
                    return endOfData();
                }
                long id = ahead.peek().batchId();
                batch.clear();
                while (ahead.hasNext() && ahead.peek().batchId() == id) {
                    batch.add(ahead.next());
                }
                batch.sort((a, b) -> Long.compare(a.sourceId(), b.sourceId()));
                ex.reset();
                for (ShardExample r : batch) {
                    add(r);
                }
                return new Batch(id, ex.build());
            }

            private void add(ShardExample r) {
                byte[] px = ShardFormat.storedPixels(r.image(), raw, spec.channels());
                if (px.length != spec.length()) {
                    throw new InputException("shard row source_id " + r.sourceId() + " holds " + px.length
                            + " pixel values, expected " + spec.length() + " (" + spec.channels() + "x"
                            + spec.height() + "x" + spec.width() + ")");
                }
                if (r.soft() != null) {
                    if (r.soft().length != k) {
                        throw new InputException("shard row source_id " + r.sourceId() + " has " + r.soft().length
                                + " soft-label values, expected " + k);
                    }
                    System.arraycopy(r.soft(), 0, target, 0, k);
                } else {
                    rebuild(r.label(), r.partnerLabel(), r.ratio(), target);
                }
                ex.add(px, target, 0, 1f);
            }
        };
    }

    /** The soft label as the job computes it ({@link SoftLabels}). */
    private void rebuild(int label, int partner, float ratio, float[] out) {
        SoftLabels.write(k, eps, label, partner, ratio, new double[k], out, 0);
    }
}
