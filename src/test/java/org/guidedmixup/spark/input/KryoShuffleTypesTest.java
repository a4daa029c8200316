package org.guidedmixup.spark.input;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.RejectKind;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.BatchPlan;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clusters often set {@code spark.serializer} to Kryo for every job. The types the augment job
 * keeps in RDDs and shuffles must survive it (a record did not: Kryo cannot build records).
 */
class KryoShuffleTypesTest {
    private final SerializerInstance kryo = new KryoSerializer(new SparkConf(false)).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(value.getClass()));
        return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(value.getClass()));
    }

    @Test
    void batchKeySourceRecordAndDecodedImageRoundTrip() {
        BatchPlan.Key key = new BatchPlan.Key(3, 123456789L, 42L);
        assertEquals(key, roundTrip(key));

        SourceRecord raw = SourceRecord.raw(7, 2, "train#7", new byte[] {1, 2, 3, 4}, 1, 2, 2);
        SourceRecord back = roundTrip(raw);
        assertEquals(raw.sourceId, back.sourceId);
        assertEquals(raw.label, back.label);
        assertEquals(raw.path, back.path);
        assertArrayEquals(raw.bytes, back.bytes);
        assertEquals(2, back.rawHeight);

        DecodedImage ok = DecodedImage.ok(raw, new byte[] {9, 8, 7, 6}, 2, 2);
        DecodedImage okBack = roundTrip(ok);
        assertArrayEquals(ok.pixels, okBack.pixels);
        assertEquals(7, okBack.sourceId);
        DecodedImage bad = roundTrip(DecodedImage.rejected(raw, RejectKind.DAMAGED_IMAGE, "damaged PNG image"));
        assertEquals("damaged PNG image", bad.rejectReason);
        assertEquals(RejectKind.DAMAGED_IMAGE, bad.rejectKind, "the kind travels with the record");

        // What an IDX or CIFAR input broadcasts, and what its tasks get: the images, index lists.
        DecodedImage[] images = roundTrip(new DecodedImage[] {ok, DecodedImage.ok(raw, new byte[] {5, 5, 5, 5}, 2, 2)});
        assertEquals(2, images.length);
        assertArrayEquals(new byte[] {5, 5, 5, 5}, images[1].pixels);
        assertArrayEquals(new int[] {4, 0, 2}, roundTrip(new int[] {4, 0, 2}));
    }
}
