package org.guidedmixup.io;

import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Driver-side readers: natural order, labels, class names, and whole-input errors. */
class ReadersTest {
    private static void assertPixels(GoldenCase g, List<SourceRecord> records) {
        float[] input = g.floats("input.f32");
        int len = g.imageLength();
        for (int i = 0; i < g.n; i++) {
            SourceRecord r = records.get(i);
            assertEquals(i, r.sourceId);
            assertEquals(g.labels[i], r.label);
            for (int p = 0; p < len; p++) {
                assertEquals(input[i * len + p], (r.bytes[p] & 0xff) / 255f, 1e-7);
            }
        }
    }

    @Test
    void idxReadsGzippedImagesAndFindsTheLabelsFile() {
        GoldenCase g = GoldenCase.load("squares28gray");
        Path images = g.dir.resolve("images-idx3-ubyte.gz");
        DriverListing l = IdxReader.read(images, IdxReader.defaultLabels(images));
        assertEquals(24, l.records().size());
        assertEquals(10, l.maxLabelPlusOne());
        assertPixels(g, l.records());
    }

    @Test
    void cifarReadsPlanesAndLabels() {
        GoldenCase g = GoldenCase.load("squares32");
        DriverListing l = CifarReader.read(g.dir.resolve("data_batch.bin"), false);
        assertEquals(10, l.formatClasses());
        assertPixels(g, l.records());
    }

    @Test
    void cifar100UsesTheFineLabel(@TempDir Path dir) throws Exception {
        byte[] rec = new byte[2 + 3072];
        rec[0] = 3;
        rec[1] = 87;
        Path f = Files.write(dir.resolve("train.bin"), rec);
        DriverListing l = CifarReader.read(f, true);
        assertEquals(87, l.records().get(0).label);
        assertEquals(100, l.formatClasses());
        InputException e = assertThrows(InputException.class, () -> CifarReader.read(f, false));
        assertTrue(e.getMessage().contains("not a multiple of the 3073-byte CIFAR-10 record"), e.getMessage());
    }

    @Test
    void manifestKeepsFileOrderAndNumbersClassNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.csv"), "path,label\nb/1.png,dog\na/2.png,cat\n\"c,3.png\",dog\nd.png,\n");
        DriverListing l = ManifestReader.read(dir.resolve("m.csv"));
        assertEquals(List.of("cat", "dog"), l.classNames());
        assertEquals(4, l.records().size());
        assertEquals(1, l.records().get(0).label);
        assertEquals(0, l.records().get(1).label);
        assertEquals(dir.resolve("c,3.png").toString(), l.records().get(2).path);
        assertTrue(l.records().get(3).rejectReason.startsWith("empty label"));
        Files.writeString(dir.resolve("bad.csv"), "file,class\nx.png,1\n");
        InputException e = assertThrows(InputException.class, () -> ManifestReader.read(dir.resolve("bad.csv")));
        assertTrue(e.getMessage().contains("no 'path' column"), e.getMessage());
    }

    @Test
    void folderSortsClassesAndFiles(@TempDir Path dir) {
        for (String f : new String[] {"zebra/b.png", "zebra/a.png", "ant/x/1.png", "ant/0.png", "ant/.hidden.png"}) {
            Images.write(dir.resolve(f), Images.encode(Images.square(4, 4, false, 1), "png"));
        }
        DriverListing l = FolderReader.read(dir);
        assertEquals(List.of("ant", "zebra"), l.classNames());
        assertEquals(4, l.records().size());
        assertTrue(l.records().get(0).path.endsWith("ant/0.png"));
        assertTrue(l.records().get(1).path.endsWith("ant/x/1.png"));
        assertTrue(l.records().get(2).path.endsWith("zebra/a.png"));
        assertEquals(1, l.records().get(3).label);
    }

    @Test
    void aFileNameThatIsNotValidUtf8IsARejectNotAFailure(@TempDir Path dir) throws Exception {
        Images.write(dir.resolve("cls/ok.png"), Images.encode(Images.square(4, 4, false, 1), "png"));
        // Java cannot create such a name itself: the shell writes the raw byte 0xE9 (Latin-1 e-acute).
        Process p = new ProcessBuilder("bash", "-c", "printf x > \"$1/cls/$(printf 'caf\\xe9.png')\"", "_", dir.toString())
                .start();
        assertEquals(0, p.waitFor());
        DriverListing l = FolderReader.read(dir);
        assertEquals(2, l.records().size());
        SourceRecord bad = l.records().stream().filter(r -> r.rejectReason != null).findFirst().orElseThrow();
        assertTrue(bad.rejectReason.startsWith("file name is not valid"), bad.rejectReason);
    }

    @Test
    void wholeInputErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        InputException e = assertThrows(InputException.class, () -> IdxReader.read(images, IdxReader.defaultLabels(images)));
        assertTrue(e.getMessage().contains("is not an IDX images file (magic 0x801"), e.getMessage());
        e = assertThrows(InputException.class, () -> IdxReader.defaultLabels(dir.resolve("pictures.gz")));
        assertTrue(e.getMessage().contains("--labels"), e.getMessage());
        e = assertThrows(InputException.class, () -> FolderReader.read(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("image folder not found"), e.getMessage());
        // A count larger than the file: refused with the counts, not an EOF stack trace.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 2 * 4);
        b.putInt(0x803).putInt(5).putInt(2).putInt(2);
        Files.write(images, b.array());
        java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(8 + 5);
        l.putInt(0x801).putInt(5);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), l.array());
        e = assertThrows(InputException.class, () -> IdxReader.read(images, IdxReader.defaultLabels(images)));
        assertTrue(e.getMessage().contains("declares 5 images of 2x2 but holds pixels for only 2"), e.getMessage());
    }

    @Test
    void readerPixelsMatchTheGoldenPngs() {
        GoldenCase g = GoldenCase.load("squares32");
        DriverListing l = ManifestReader.read(g.dir.resolve("manifest.csv"));
        ImageSpec spec = new ImageSpec(3, 32, 32, false, 1 << 20);
        float[] input = g.floats("input.f32");
        for (int i = 0; i < 4; i++) {
            DecodedImage d = ImageDecoder.decode(l.records().get(i), spec, 10);
            float[] got = new float[d.pixels.length];
            float[] want = java.util.Arrays.copyOfRange(input, i * 3072, (i + 1) * 3072);
            for (int p = 0; p < got.length; p++) {
                got[p] = (d.pixels[p] & 0xff) / 255f;
            }
            assertArrayEquals(want, got, 1e-7f);
        }
    }
}
