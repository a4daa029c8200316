package org.guidedmixup.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.SourceRecord;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

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

        DecodedImage ok = DecodedImage.ok(raw, new byte[] {9, 8, 7, 6});
        DecodedImage okBack = roundTrip(ok);
        assertArrayEquals(ok.pixels, okBack.pixels);
        assertEquals(7, okBack.sourceId);
        DecodedImage bad = roundTrip(DecodedImage.rejected(raw, "damaged PNG image"));
        assertEquals("damaged PNG image", bad.rejectReason);

        // What an IDX or CIFAR input broadcasts, and what its tasks get: the images, index lists.
        DecodedImage[] images = roundTrip(new DecodedImage[] {ok, DecodedImage.ok(raw, new byte[] {5, 5, 5, 5})});
        assertEquals(2, images.length);
        assertArrayEquals(new byte[] {5, 5, 5, 5}, images[1].pixels);
        assertArrayEquals(new int[] {4, 0, 2}, roundTrip(new int[] {4, 0, 2}));
        DecodedImage[] wrapped = roundTrip(new BroadcastImages(images)).images();
        assertEquals(2, wrapped.length);
        assertArrayEquals(new byte[] {5, 5, 5, 5}, wrapped[1].pixels);
        assertEquals("train#7", wrapped[0].path);
    }

    @Test
    void broadcastImagesSurviveJavaSerialisation() throws Exception {
        SerializerInstance javaSer = new org.apache.spark.serializer.JavaSerializer(new SparkConf(false)).newInstance();
        DecodedImage[] images = new DecodedImage[300];
        for (int i = 0; i < images.length; i++) {
            byte[] px = new byte[i % 7 + 1];
            java.util.Arrays.fill(px, (byte) i);
            images[i] = DecodedImage.ok(1000L + i, i % 10, i % 3 == 0 ? null : "file-" + i + "-é.png", px);
        }
        ByteBuffer bytes = javaSer.serialize(new BroadcastImages(images), ClassTag$.MODULE$.apply(BroadcastImages.class));
        DecodedImage[] back = ((BroadcastImages) javaSer.deserialize(bytes, ClassTag$.MODULE$.apply(BroadcastImages.class)))
                .images();
        assertEquals(images.length, back.length);
        for (int i = 0; i < images.length; i++) {
            assertEquals(images[i].sourceId, back[i].sourceId);
            assertEquals(images[i].label, back[i].label);
            assertEquals(images[i].path, back[i].path);
            assertArrayEquals(images[i].pixels, back[i].pixels);
            assertEquals(null, back[i].rejectReason);
        }
    }
}
