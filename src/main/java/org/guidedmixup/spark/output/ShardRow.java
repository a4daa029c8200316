package org.guidedmixup.spark.output;

import org.apache.parquet.io.api.Binary;
import org.guidedmixup.io.DecodedImage;

import java.util.Map;

/**
 * One row of the shards table ({@link ShardSchema#shards}) as the writer takes it: one instance is
 * filled and written per row, so writing allocates nothing per row beyond the encoded image.
 */
public final class ShardRow {
    public long sourceId;
    /** -1: no partner (an unmixed row), written as null with {@link #partnerLabel}. */
    public long partnerId;
    public boolean hasPartner;
    public int partnerLabel;
    public long batchId;
    public int round;
    public boolean mixed;
    public int label;
    public float ratio;
    /** The soft labels are {@code softLabels[softOffset, softOffset + numClasses)}; unused without the column. */
    public float[] softLabels;
    public int softOffset;
    public int height;
    public int width;
    public int channels;
    public byte[] image;
    /** The crop box in source pixels; {@link #cropped} false writes nulls (no crop). */
    public boolean cropped;
    public float cropTop;
    public float cropLeft;
    public float cropHeight;
    public float cropWidth;
    /** Null without a flip in the run's transform. */
    public Boolean flipped;

    /** Writes {@link ShardRow}s with the columns of {@link ShardSchema#shards}. */
    public static final class Support extends SparkParquetSupport<ShardRow> {
        private final boolean soft;
        private final int numClasses;

        /** @param numClasses the soft labels' length; 0 without the soft-label column */
        public Support(int numClasses, String sparkVersion, Map<String, String> footer) {
            super(ShardSchema.shards(numClasses > 0), ShardSchema.shardsParquet(numClasses > 0), sparkVersion, footer);
            this.soft = numClasses > 0;
            this.numClasses = numClasses;
        }

        @Override
        public void write(ShardRow r) {
            out.startMessage();
            int c = 0;
            longField(ShardSchema.SOURCE_ID, c++, r.sourceId);
            if (r.hasPartner) {
                longField(ShardSchema.PARTNER_ID, c, r.partnerId);
            }
            c++;
            longField(ShardSchema.BATCH_ID, c++, r.batchId);
            intField(ShardSchema.ROUND, c++, r.round);
            out.startField(ShardSchema.MIXED, c);
            out.addBoolean(r.mixed);
            out.endField(ShardSchema.MIXED, c++);
            intField(ShardSchema.LABEL, c++, r.label);
            if (r.hasPartner) {
                intField(ShardSchema.PARTNER_LABEL, c, r.partnerLabel);
            }
            c++;
            out.startField(ShardSchema.RATIO, c);
            out.addFloat(r.ratio);
            out.endField(ShardSchema.RATIO, c++);
            if (soft) {
                // Spark's 3-level list: soft_label { repeated list { element } }.
                out.startField(ShardSchema.SOFT_LABEL, c);
                out.startGroup();
                out.startField("list", 0);
                for (int j = 0; j < numClasses; j++) {
                    out.startGroup();
                    out.startField("element", 0);
                    out.addFloat(r.softLabels[r.softOffset + j]);
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
                out.endGroup();
                out.endField(ShardSchema.SOFT_LABEL, c++);
            }
            intField(ShardSchema.HEIGHT, c++, r.height);
            intField(ShardSchema.WIDTH, c++, r.width);
            intField(ShardSchema.CHANNELS, c++, r.channels);
            out.startField(ShardSchema.IMAGE, c);
            // "Reused": the values writer copies the bytes, and the statistics copy what they keep.
            out.addBinary(Binary.fromReusedByteArray(r.image));
            out.endField(ShardSchema.IMAGE, c++);
            if (r.cropped) {
                floatField(ShardSchema.CROP_TOP, c, r.cropTop);
                floatField(ShardSchema.CROP_LEFT, c + 1, r.cropLeft);
                floatField(ShardSchema.CROP_HEIGHT, c + 2, r.cropHeight);
                floatField(ShardSchema.CROP_WIDTH, c + 3, r.cropWidth);
            }
            c += 4;
            if (r.flipped != null) {
                out.startField(ShardSchema.FLIPPED, c);
                out.addBoolean(r.flipped);
                out.endField(ShardSchema.FLIPPED, c);
            }
            out.endMessage();
        }
    }

    /** Writes rejected records with the columns of {@link ShardSchema#rejects}. */
    public static final class RejectSupport extends SparkParquetSupport<DecodedImage> {
        public RejectSupport(String sparkVersion) {
            super(ShardSchema.rejects(), ShardSchema.rejectsParquet(), sparkVersion, Map.of());
        }

        @Override
        public void write(DecodedImage d) {
            out.startMessage();
            longField(ShardSchema.SOURCE_ID, 0, d.sourceId);
            if (d.path != null) {
                stringField("path", 1, d.path);
            }
            if (d.label >= 0) {
                intField(ShardSchema.LABEL, 2, d.label);
            }
            stringField("reason", 3, d.rejectReason);
            out.endMessage();
        }
    }
}
