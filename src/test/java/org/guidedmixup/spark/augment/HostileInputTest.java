package org.guidedmixup.spark.augment;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.Images;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of hostile and odd inputs, built here, through the whole augment job. Per-record cases
 * (one manifest): each row ends in the output or in _rejects with a precise reason, and the counts
 * add up. Whole-file cases: the job stops before writing, with one message naming the file.
 * The table printed to stdout is the one in the note.
 */
class HostileInputTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostileInputTest.class);
    @org.junit.jupiter.api.BeforeAll
    static void start() {
        SparkTestSession.get();
    }

    private static final int H = 8;
    private static final int W = 8;

    /** Expected outcome per manifest row: "ok", "ignored" or a substring of the reject reason. */
    private record Case(String name, String path, String label, String expect) {
    }

    @Test
    void everyRowEndsInTheOutputOrInRejectsWithAPreciseReason(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        for (int i = 1; i <= 3; i++) {
            Images.write(dir.resolve("ok" + i + ".png"), Images.encode(Images.square(H, W, true, i), "png"));
        }
        Images.write(dir.resolve("with,comma.png"), Images.encode(Images.square(H, W, true, 9), "png"));
        Images.write(dir.resolve("zero.png"), new byte[0]);
        byte[] png = Images.encode(Images.square(H, W, true, 4), "png");
        Images.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Images.write(dir.resolve("truncated.jpg"), Images.truncatedJpeg(H, W));
        Images.write(dir.resolve("bomb.png"), pngBomb(100_000, 100_000));
        Images.write(dir.resolve("bomb.jpg"), jpegBomb(65_000, 65_000));
        Images.write(dir.resolve("grey16.png"), Images.encode(grey16(), "png"));
        Images.write(dir.resolve("greyalpha.png"), Images.encode(greyAlpha(), "png"));
        Images.write(dir.resolve("rgba.png"), Images.encode(rgba(), "png"));
        Images.write(dir.resolve("palette.png"), Images.encode(palette(), "png"));
        Images.write(dir.resolve("cmyk.jpg"), cmykJpeg());
        Images.write(dir.resolve("progressive.jpg"), progressiveJpeg());
        Images.write(dir.resolve("wrongsize.png"), Images.encode(Images.square(10, 10, true, 5), "png"));
        Images.write(dir.resolve("notimage.png"), "this is a text file, not a picture\n".getBytes(StandardCharsets.UTF_8));
        Images.write(tmp.resolve("outside.png"), Images.encode(Images.square(H, W, true, 6), "png"));

        List<Case> cases = List.of(
                new Case("plain PNG", "ok1.png", "0", "ok"),
                new Case("plain PNG", "ok2.png", "1", "ok"),
                new Case("plain PNG", "ok3.png", "2", "ok"),
                new Case("zero-byte file", "zero.png", "0", "empty file: 0 bytes"),
                new Case("truncated PNG", "truncated.png", "1", "damaged PNG image"),
                new Case("truncated JPEG", "truncated.jpg", "2", "damaged JPEG image"),
                new Case("PNG bomb (100000 x 100000 declared)", "bomb.png", "0", "PNG declares 100000x100000"),
                new Case("JPEG bomb (65000 x 65000 declared)", "bomb.jpg", "1", "JPEG declares 65000x65000"),
                new Case("16-bit grey PNG", "grey16.png", "2", "ok"),
                new Case("grey + alpha PNG", "greyalpha.png", "0", "ok"),
                new Case("RGBA PNG", "rgba.png", "1", "ok"),
                new Case("palette PNG", "palette.png", "2", "ok"),
                // The JDK's reader converts a four-component (CMYK) JPEG to RGB itself.
                new Case("CMYK JPEG", "cmyk.jpg", "0", "ok"),
                new Case("progressive JPEG", "progressive.jpg", "1", "ok"),
                new Case("image of the wrong size", "wrongsize.png", "2", "image is 10x10 but this run's images are 8x8"),
                new Case("text file named .png", "notimage.png", "0", "not a PNG, JPEG or BMP image"),
                new Case("manifest row, file missing", "missing.png", "1", "file not found"),
                new Case("'..' path out of the folder", "../outside.png", "2", "leads out of the manifest's folder"),
                new Case("duplicate row (kept: its own source_id)", "ok1.png", "0", "ok"),
                new Case("quoted path with a comma", "\"with,comma.png\"", "1", "ok"),
                new Case("label out of range", "ok2.png", "7", "label 7 out of range"),
                new Case("label not a number", "ok2.png", "x", "label 'x' is not an integer class id"),
                new Case("negative label", "ok3.png", "-1", "label -1 out of range"),
                new Case("empty label", "ok3.png", "", "empty label"),
                new Case("path not valid UTF-8", "caf\u00e9.png", "0", "is not valid UTF-8"));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("path,label\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.path().startsWith("caf")) {
                // Latin-1 bytes: 0xE9 alone is malformed UTF-8.
                csv.writeBytes((c.path() + "," + c.label() + "\n").getBytes(StandardCharsets.ISO_8859_1));
            } else {
                csv.writeBytes((c.path() + "," + c.label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (i == 3) {
                csv.writeBytes("\n   \n".getBytes(StandardCharsets.UTF_8)); // blank lines: not records
            }
        }
        Path manifest = Files.write(dir.resolve("manifest.csv"), csv.toByteArray());
        Path out = tmp.resolve("out");
        // Most of this corpus is hostile on purpose: max-rejects 1 lets the run finish so that every reason can be checked.
        AugmentSummary s = AugmentRuns.run(Map.of("input", manifest.toString(), "output", out.toString(),
                "batch-size", 4, "num-classes", 3, "channels", 3, "mix-prob", 1.0, "max-rejects", 1));

        Map<Long, String> rejects = new LinkedHashMap<>();
        for (Row r : SparkTestSession.get().read().parquet(out.resolve(ShardFormat.REJECTS).toString()).collectAsList()) {
            rejects.put(r.getLong(r.fieldIndex("source_id")), r.getString(r.fieldIndex("reason")));
        }
        List<Long> kept = new ArrayList<>();
        for (Row r : AugmentRuns.rows(out)) {
            kept.add(r.getLong(r.fieldIndex(ShardSchema.SOURCE_ID)));
        }
        LOG.info("| case | outcome | reason |\n|---|---|---|");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String reason = rejects.get((long) i);
            LOG.info("| " + c.name() + " | " + (reason == null ? "in the output" : "rejected") + " | "
                    + (reason == null ? "" : reason.replace("|", "/")) + " |");
            if (c.expect().equals("ok")) {
                assertTrue(kept.contains((long) i), c.name() + " should be in the output, rejected: " + reason);
            } else {
                assertTrue(reason != null && reason.contains(c.expect()), c.name() + ": reason " + reason);
                assertFalse(kept.contains((long) i));
            }
        }
        assertEquals(cases.size(), s.inputRecords(), "blank lines are not records; every other line is");
        assertEquals(s.inputRecords(), s.outputSources() + s.rejectedRecords());
        assertEquals(rejects.size(), s.rejectedRecords());
        assertEquals(kept.size(), s.outputRows());
    }

    @Test
    void unusableWholeInputsStopBeforeWritingWithOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
        Map<String, Path> inputs = new LinkedHashMap<>();
        ByteBuffer badMagic = ByteBuffer.allocate(16 + 4).putInt(0x0000_0801).putInt(1).putInt(2).putInt(2);
        inputs.put("is not an IDX images file (magic 0x801", Files.write(tmp.resolve("bad-images-idx3-ubyte"), badMagic.array()));
        Files.write(tmp.resolve("bad-labels-idx1-ubyte"), ByteBuffer.allocate(9).putInt(0x801).putInt(1).array());
        ByteBuffer shortIdx = ByteBuffer.allocate(16 + 2 * 4).putInt(0x803).putInt(5).putInt(2).putInt(2);
        inputs.put("declares 5 images of 2x2 but holds pixels for only 2", Files.write(tmp.resolve("short-images-idx3-ubyte"),
                shortIdx.array()));
        Files.write(tmp.resolve("short-labels-idx1-ubyte"), ByteBuffer.allocate(13).putInt(0x801).putInt(5).array());
        inputs.put("not a multiple of the 3073", Files.write(tmp.resolve("odd_batch.bin"), new byte[3073 * 2 + 5]));
        inputs.put("Parquet column 'label' of", parquetWithDoubleLabels(tmp.resolve("dbl.parquet")));
        inputs.put("input not found", tmp.resolve("nope-images-idx3-ubyte.gz"));
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            Path out = tmp.resolve("out-" + e.getValue().getFileName());
            Exception ex = assertThrows(Exception.class, () -> AugmentRuns.run(Map.of("input", e.getValue().toString(),
                    "output", out.toString())));
            Throwable t = ex;
            while (!(t instanceof InputException) && t.getCause() != null) {
                t = t.getCause();
            }
            assertTrue(t instanceof InputException, "not an input error: " + ex);
            assertTrue(t.getMessage().contains(e.getKey()), t.getMessage());
            assertTrue(t.getMessage().contains(e.getValue().getFileName().toString()), "must name the file: " + t.getMessage());
            assertFalse(t.getMessage().contains("\n"));
            assertFalse(Files.exists(out), "wrote " + out);
            LOG.info("| " + e.getValue().getFileName() + " | stops, exit 2 | " + t.getMessage() + " |");
        }
        // Parquet rows with a null image are per-record rejects.
        Path pq = parquetWithNullImage(tmp.resolve("nulls.parquet"));
        Path out = tmp.resolve("out-nulls");
        AugmentSummary s = AugmentRuns.run(Map.of("input", pq.toString(), "output", out.toString(), "batch-size", 2));
        assertEquals(1, s.rejectedRecords());
        Row r = SparkTestSession.get().read().parquet(out.resolve(ShardFormat.REJECTS).toString()).first();
        assertEquals("image bytes are null", r.getString(r.fieldIndex("reason")));
    }

    private static Path parquetWithDoubleLabels(Path file) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("image", DataTypes.BinaryType, true),
                DataTypes.createStructField("label", DataTypes.DoubleType, true)));
        byte[] img = Images.encode(Images.square(H, W, true, 1), "png");
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create(img, 1.0)), schema).write().parquet(file.toString());
        return file;
    }

    private static Path parquetWithNullImage(Path file) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("image", DataTypes.BinaryType, true),
                DataTypes.createStructField("label", DataTypes.IntegerType, true)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(RowFactory.create(Images.encode(Images.square(H, W, true, i), "png"), i % 2));
        }
        rows.add(RowFactory.create(null, 1));
        SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(file.toString());
        return file;
    }

    /** A valid PNG header declaring w x h, with one tiny IDAT: decoding it would need w*h*3 bytes. */
    static byte[] pngBomb(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(new byte[1024]);
        d.finish();
        byte[] z = new byte[64];
        int n = d.deflate(z);
        chunk(out, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A real small JPEG whose frame header (SOF0) is patched to declare w x h. */
    static byte[] jpegBomb(int w, int h) {
        byte[] jpg = Images.encode(Images.square(H, W, true, 7), "jpg");
        for (int i = 0; i + 8 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == 0xc0) {
                jpg[i + 5] = (byte) (h >> 8);
                jpg[i + 6] = (byte) h;
                jpg[i + 7] = (byte) (w >> 8);
                jpg[i + 8] = (byte) w;
                return jpg;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    private static BufferedImage grey16() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, (y * W + x) * 1000);
            }
        }
        return img;
    }

    private static BufferedImage greyAlpha() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                r.setSample(x, y, 0, x * 30);
                r.setSample(x, y, 1, 128);
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    private static BufferedImage rgba() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, (100 << 24) | (x * 30 << 16) | (y * 30 << 8) | 77);
            }
        }
        return img;
    }

    private static BufferedImage palette() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED);
        java.awt.Graphics2D g = img.createGraphics();
        g.drawImage(Images.square(H, W, true, 8), 0, 0, null);
        g.dispose();
        return img;
    }

    /** Four-component JPEG, which readers take for CMYK (as print workflows write them). */
    private static byte[] cmykJpeg() throws Exception {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, W, H, 4, null);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int b = 0; b < 4; b++) {
                    r.setSample(x, y, b, (x + y + b * 40) & 0xff);
                }
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(s);
            w.write(null, new IIOImage(r, null, null), w.getDefaultWriteParam());
        }
        return out.toByteArray();
    }

    private static byte[] progressiveJpeg() throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(s);
            w.write(null, new IIOImage(Images.square(H, W, true, 3), null, null), p);
        }
        return out.toByteArray();
    }
}
