package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input: exit code 2 and one line saying what, the value, and what is allowed; no stack trace. */
class CommandLineErrorsTest {
    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    private static void assertRefused(String expected, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exit(), r.out() + r.err());
        String line = r.err().strip();
        assertTrue(line.contains(expected), "stderr '" + line + "' should contain '" + expected + "'");
        assertFalse(line.contains("\tat "), "a stack trace was printed: " + line);
    }

    @Test
    void invalidSettingsStopBeforeSparkWork(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        assertRefused("batch-size: got 1, allowed: 2..65536", "augment", "--output", out, "--batch-size", "1");
        assertRefused("batch-size: got 'abc', expected a whole number >= 2", "augment", "--output", out, "--batch-size", "abc");
        assertRefused("mixer: got 'best', allowed: guided, mixup, cutmix", "augment", "--output", out, "--mixer", "best");
        assertRefused("mix-prob: got 1.5, allowed: a number in [0.0, 1.0]", "augment", "--output", out, "--mix-prob", "1.5");
        assertRefused("resize: got '28', expected HEIGHTxWIDTH", "augment", "--output", out, "--resize", "28");
        assertRefused("saliency: 'ap' needs a trained model; pass --model", "augment", "--output", out, "--saliency", "ap");
        assertRefused("input-format: got 'tiff', allowed: auto, idx, cifar", "augment", "--output", out, "--input-format", "tiff");
        assertRefused("--config: file not found", "augment", "--config", tmp.resolve("none.conf").toString());
        assertRefused("Unknown options: '--bogus', '1' (see 'guidedmixup augment --help')", "augment", "--bogus", "1");
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void unusableInputsAndOutputsAreOneLine(@TempDir Path tmp) {
        GoldenCase g = GoldenCase.load("squares28gray");
        assertRefused("input not found: " + tmp.resolve("nothing"), "augment", "--input", tmp.resolve("nothing").toString(),
                "--output", tmp.resolve("o").toString());
        String in = g.dir.resolve("images-idx3-ubyte.gz").toString();
        String out = tmp.resolve("o2").toString();
        CliRunner.Result ok = CliRunner.run("augment", "--input", in, "--output", out, "--batch-size", "8", "--no-preview",
                "--progress-seconds", "0");
        assertEquals(0, ok.exit(), ok.err());
        assertRefused("already exists; pass --mode overwrite", "augment", "--input", in, "--output", out);
        // An IDX file is read on a background thread while Spark starts: its errors still come out as one line.
        Path idx = tmp.resolve("cut-images-idx3-ubyte");
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16 + 3 * 4).putInt(0x803).putInt(10).putInt(2).putInt(2);
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + 10).putInt(0x801).putInt(10);
        try {
            Files.write(idx, header.array());
            Files.write(tmp.resolve("cut-labels-idx1-ubyte"), labels.array());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertRefused("declares 10 images of 2x2 but holds pixels for only 3: the file is truncated", "augment",
                "--input", idx.toString(), "--output", tmp.resolve("o4").toString());
        assertFalse(Files.exists(tmp.resolve("o4")));
        assertRefused("output folder not found", "inspect", tmp.resolve("absent").toString(), "--json");
        assertRefused("has no _SUCCESS: it is not a finished augment output", "preview", tmp.toString(), "--out", tmp.resolve("p.png").toString());
        assertRefused("saliency-mean: got 3 values but the images have 1 channel", "augment", "--input", in, "--output",
                tmp.resolve("o3").toString(), "--saliency-mean", "0.5,0.5,0.5", "--saliency-std", "0.2,0.2,0.2");
    }

    @Test
    void mixedSizesAndRunsThatLoseMostOfTheirInputFailWithOneLine(@TempDir Path tmp) {
        // Photos of two sizes, no crop and no --resize: refused before decoding, naming the sizes and the fixes.
        Path photos = tmp.resolve("photos");
        for (int i = 0; i < 6; i++) {
            // The first in natural order (cat/0.png) is 20x30, the other five 24x24.
            org.guidedmixup.testing.Images.write(photos.resolve((i % 2 == 0 ? "cat" : "dog") + "/" + i + ".png"),
                    org.guidedmixup.testing.Images.encode(org.guidedmixup.testing.Images.square(i == 0 ? 20 : 24, i == 0 ? 30 : 24, true, i), "png"));
        }
        String out = tmp.resolve("o").toString();
        assertRefused("have different sizes (5 of the first 6 differ from the first image's 20x30; sizes seen: 20x30, 24x24)"
                + " and nothing sizes them: pass a crop (--crop random-resized:224 --flip",
                "augment", "--input", photos.toString(), "--output", out, "--batch-size", "2");
        assertFalse(Files.exists(tmp.resolve("o")));
        CliRunner.Result cropped = CliRunner.run("augment", "--input", photos.toString(), "--output", out, "--batch-size", "2",
                "--crop", "random-resized:16", "--flip", "--no-preview", "--progress-seconds", "0");
        assertEquals(0, cropped.exit(), cropped.err());

        // 4 of 6 files are not images: over the default max-rejects of 50 %, the run fails and keeps the rejects table.
        Path bad = tmp.resolve("bad");
        for (int i = 0; i < 6; i++) {
            org.guidedmixup.testing.Images.write(bad.resolve("a/" + i + ".png"), i < 2
                    ? org.guidedmixup.testing.Images.encode(org.guidedmixup.testing.Images.square(8, 8, false, i), "png")
                    : org.guidedmixup.testing.Images.corruptPng());
        }
        String badOut = tmp.resolve("b").toString();
        assertRefused("4 of the 6 records of " + bad + " were rejected (66.7 %, over max-rejects 50 %)", "augment", "--input",
                bad.toString(), "--output", badOut, "--batch-size", "2");
        assertFalse(Files.exists(tmp.resolve("b")), "no output that looks complete");
        assertTrue(Files.isDirectory(tmp.resolve("b.rejects")), "the rejects table is kept to look at");
        CliRunner.Result allowed = CliRunner.run("augment", "--input", bad.toString(), "--output", badOut, "--batch-size", "2",
                "--max-rejects", "70%", "--no-preview", "--progress-seconds", "0");
        assertEquals(0, allowed.exit(), allowed.err());

        assertRefused("crop: 'random:224x224': crops are square", "augment", "--output", out, "--crop", "random:224x224");
        assertRefused("both size the images", "augment", "--output", out, "--crop", "random:24", "--resize", "20x20");
        assertRefused("max-rejects: got 'most'", "augment", "--output", out, "--max-rejects", "most");
        assertRefused("eval-crop: random:24 is random", "train", "--output", out, "--eval", photos.toString(), "--eval-crop", "random:24");
    }

    @Test
    void inspectAndPreviewWorkOnAFinishedOutput(@TempDir Path tmp) throws Exception {
        GoldenCase g = GoldenCase.load("squares32");
        String out = tmp.resolve("o").toString();
        CliRunner.Result ok = CliRunner.run("augment", "--input", g.dir.resolve("manifest.csv").toString(), "--output", out,
                "--batch-size", "8", "--mix-prob", "1", "--progress-seconds", "0");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.size(Path.of(out, "preview.png")) > 1000);
        CliRunner.Result table = CliRunner.run("inspect", out, "--limit", "3");
        assertEquals(0, table.exit(), table.err());
        assertEquals(4, table.out().strip().split("\n").length, table.out());
        Path png = tmp.resolve("sheet.png");
        CliRunner.Result pv = CliRunner.run("preview", out, "--out", png.toString(), "--rows", "4");
        assertEquals(0, pv.exit(), pv.err());
        assertTrue(pv.out().contains("preview of 4 mixed rows"), pv.out());
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getHeight() > 4 * 32);
        // The run's own preview (rows gathered while writing) is the one drawn from the shards read back.
        Path again = tmp.resolve("again.png");
        CliRunner.Result pv6 = CliRunner.run("preview", out, "--out", again.toString(), "--rows", "6");
        assertEquals(0, pv6.exit(), pv6.err());
        assertArrayEquals(Files.readAllBytes(Path.of(out, "preview.png")), Files.readAllBytes(again));

        // export: the chosen rows as .npz arrays that agree with the shards.
        Path npz = tmp.resolve("rows.npz");
        CliRunner.Result ex = CliRunner.run("export", out, "--out", npz.toString(), "--rows", "5", "--png-dir",
                tmp.resolve("pngs").toString());
        assertEquals(0, ex.exit(), ex.err());
        assertTrue(ex.out().contains("exported 5 rows"), ex.out());
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> a = new java.util.HashMap<>();
        String meta = null;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(npz.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".npy")) {
                    a.put(e.getName().replace(".npy", ""), org.nd4j.linalg.factory.Nd4j.createNpyFromByteArray(bytes));
                } else {
                    meta = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(meta != null && meta.contains("\"class_names\""), meta);
        assertEquals(org.nd4j.linalg.api.buffer.DataType.UINT8, a.get("mixed_image").dataType());
        assertArrayEquals(new long[] {5, 3, 32, 32}, a.get("source_image").shape());
        assertArrayEquals(new long[] {5, 32, 32}, a.get("mask").shape());
        CliRunner.Result js = CliRunner.run("inspect", out, "--json", "--pixels", "--limit", "5");
        String[] lines = js.out().strip().split("\n");
        ObjectMapper om = new ObjectMapper();
        for (int i = 0; i < 5; i++) {
            var row = om.readTree(lines[i]);
            assertEquals(row.get("source_id").asLong(), a.get("source_id").getLong(i));
            assertEquals(row.get("partner_id").asLong(), a.get("partner_id").getLong(i));
            assertEquals(row.get("pixels").get(77).asDouble() * 255, a.get("mixed_image").getDouble(i, 0, 2, 13), 1e-3);
            var mask = a.get("mask").slice(i);
            assertTrue(mask.minNumber().doubleValue() >= 0 && mask.maxNumber().doubleValue() <= 1);
            // ratio is the mask's mean: the recomputed mask is the job's.
            assertEquals(a.get("ratio").getDouble(i), mask.meanNumber().doubleValue(), 1e-5);
            assertEquals(1.0, a.get("soft_label").getRow(i).sumNumber().doubleValue(), 1e-5);
        }
        try (var pngs = Files.list(tmp.resolve("pngs"))) {
            assertEquals(15, pngs.count());
        }
        assertRefused("--out must name a .npz file", "export", out, "--out", tmp.resolve("x.zip").toString());
        assertRefused("has no _SUCCESS: it is not a finished augment output", "export", tmp.toString(), "--out", tmp.resolve("y.npz").toString());
    }
}
