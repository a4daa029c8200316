package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder of JPEG photos of mixed sizes and aspect ratios, as the README's ImageNet-style recipe
 * runs it: {@code augment --input-format folder --crop random-resized:S --flip --image-encoding jpeg},
 * then {@code train --data} with a zoo model at that crop, for one epoch of a few steps.
 */
class PhotosEndToEndTest {
    @Test
    void photosOfMixedSizesAugmentWithTheImageNetRecipeAndTrainAZooModel(@TempDir Path tmp) throws IOException {
        SparkTestSession.get();
        Path photos = tmp.resolve("photos");
        BufferedImage[] sources = {photo("photo-333x500.png"), photo("photo-500x333.png")};
        int[][] sizes = {{333, 500}, {120, 90}, {200, 310}, {95, 95}, {480, 300}, {150, 260}};
        for (int i = 0; i < 24; i++) {
            BufferedImage src = sources[i % 2];
            int[] hw = sizes[i % sizes.length];
            int h = Math.min(hw[0], src.getHeight());
            int w = Math.min(hw[1], src.getWidth());
            BufferedImage cut = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            cut.getGraphics().drawImage(src.getSubimage((i * 7) % (src.getWidth() - w + 1), (i * 5) % (src.getHeight() - h + 1), w, h), 0, 0, null);
            Path f = photos.resolve("class" + (i % 3)).resolve(i + ".jpg");
            Files.createDirectories(f.getParent());
            ImageIO.write(cut, "jpeg", f.toFile());
        }
        Path out = tmp.resolve("shards");
        CliRunner.Result a = CliRunner.run("augment", "--input", photos.toString(), "--input-format", "folder", "--crop",
                "random-resized:64", "--flip", "--image-encoding", "jpeg", "--batch-size", "8", "--rounds", "2", "--output",
                out.toString(), "--progress-seconds", "0");
        assertEquals(0, a.exit(), a.out() + a.err());
        assertTrue(a.out().contains("images 3x64x64") && a.out().contains("transform crop=random-resized:64"), a.out());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(48, summary.get("output_rows").asInt());
        assertEquals("crop=random-resized:64,scale=0.08-1,ratio=3/4-4/3 flip=0.5", summary.get("transform").asText());
        assertTrue(summary.get("executor_seconds").has("transform"), summary.toString());
        List<Row> rows = SparkTestSession.get().read().parquet(out.resolve("shards").toString())
                .select("crop_top", "crop_left", "crop_height", "crop_width", "flipped").collectAsList();
        for (Row r : rows) {
            assertFalse(r.anyNull(), "every row records its crop box and flip: " + r);
            assertTrue(r.getFloat(0) >= 0 && r.getFloat(2) > 0, "a resized crop lies inside its photo: " + r);
        }
        assertTrue(rows.stream().anyMatch(r -> r.getBoolean(4)) && rows.stream().anyMatch(r -> !r.getBoolean(4)));

        Path model = tmp.resolve("model");
        CliRunner.Result t = CliRunner.run("train", "--data", out.toString(), "--model", "zoo:squeezenet", "--epochs", "1",
                "--lr", "0.01", "--output", model.toString());
        assertEquals(0, t.exit(), t.out() + t.err());
        JsonNode metrics = new ObjectMapper().readTree(model.resolve("metrics.json").toFile());
        assertEquals(1, metrics.get("epochs").size());
        assertTrue(Double.isFinite(metrics.get("epochs").get(0).get("loss").asDouble()), metrics.toString());

        // Online, evaluated on photos of mixed sizes: the evaluation set gets the crop's deterministic
        // counterpart (center:36,32 for random-resized:32), without which its sizes would be refused.
        Path online = tmp.resolve("online");
        CliRunner.Result o = CliRunner.run("train", "--input", photos.toString(), "--input-format", "folder", "--crop",
                "random-resized:32", "--flip", "--batch-size", "8", "--model", "resnet", "--epochs", "1", "--eval", photos.toString(),
                "--eval-format", "folder", "--output", online.toString());
        assertEquals(0, o.exit(), o.out() + o.err());
        JsonNode om = new ObjectMapper().readTree(online.resolve("metrics.json").toFile());
        assertTrue(om.get("epochs").get(0).get("top1").isNumber(), om.toString());
        CliRunner.Result bad = CliRunner.run("train", "--input", photos.toString(), "--input-format", "folder", "--crop",
                "random-resized:32", "--batch-size", "8", "--model", "resnet", "--epochs", "1", "--eval", photos.toString(),
                "--eval-format", "folder", "--eval-crop", "none", "--output", tmp.resolve("o2").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--eval: the images of") && bad.err().contains("have different sizes"), bad.err());
    }

    private BufferedImage photo(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/transforms/" + name)) {
            return ImageIO.read(in);
        }
    }
}
