package org.guidedmixup.spark;

import org.guidedmixup.io.DecodedImage;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The good images as a broadcast carries them. Under Java serialisation (Spark's default) an array
 * of 60 000 {@link DecodedImage} objects costs a class descriptor lookup, a handle and a field walk
 * per image: 0.5 s on the driver before the first task of a 60 000-image run can start, under C1.
 * Written here as id, label, path flag and raw pixel bytes per image, the same images take 50-60 ms.
 * The field itself goes out empty (null) under Java serialisation; serialisers that walk fields
 * instead (Kryo) serialise the array as before.
 */
final class BroadcastImages implements Serializable {
    private static final long serialVersionUID = 1L;

    private DecodedImage[] images;

    BroadcastImages(DecodedImage[] images) {
        this.images = images;
    }

    DecodedImage[] images() {
        return images;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.putFields(); // images = null: the images follow as raw data
        out.writeFields();
        out.writeInt(images.length);
        for (DecodedImage d : images) {
            out.writeLong(d.sourceId);
            out.writeInt(d.label);
            out.writeBoolean(d.path != null);
            if (d.path != null) {
                out.writeUTF(d.path);
            }
            out.writeInt(d.pixels.length);
            out.write(d.pixels);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.readFields();
        int n = in.readInt();
        images = new DecodedImage[n];
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            int label = in.readInt();
            String path = in.readBoolean() ? in.readUTF() : null;
            byte[] pixels = new byte[in.readInt()];
            in.readFully(pixels);
            images[i] = DecodedImage.ok(id, label, path, pixels);
        }
    }
}
