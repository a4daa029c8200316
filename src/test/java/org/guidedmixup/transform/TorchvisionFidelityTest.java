package org.guidedmixup.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The base transforms against torchvision 0.14 on PIL images (Pillow 9.4), pixel for pixel: given
 * the parameters torchvision drew, the project's crop, padding, resized crop, resize-then-crop,
 * center crop, flip and {@code --resize} give exactly torchvision's images, on real photographs
 * and on odd sizes. Golden files: {@code src/test/scripts/make-transform-golden.py}.
 */
class TorchvisionFidelityTest {
    private static final String DIR = "/golden/transforms/";

    @Test
    void everyCaseEqualsTorchvisionExactly() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream(DIR + "cases.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        PillowResample resample = new PillowResample();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : cases) {
            Image src = read(c.get("source").asText());
            Image want = read(c.get("expected").asText());
            byte[] got = new byte[want.pixels.length];
            String what;
            if (c.has("resize")) {
                int h = c.get("resize").get(0).asInt();
                int w = c.get("resize").get(1).asInt();
                what = "resize " + h + "x" + w;
                assertEquals(want.h * 1000 + want.w, h * 1000 + w, what);
                resample.resize(src.pixels, src.c, src.h, src.w, h, w, got);
            } else {
                BaseTransform t = new BaseTransform(CropSpec.parse(c.get("crop").asText()), 0);
                JsonNode p = c.get("params");
                boolean flip = c.get("flip").asBoolean();
                Draw d = p.isNull() ? t.drawnAt(src.h, src.w, 0, 0, 0, 0, flip)
                        : t.drawnAt(src.h, src.w, p.get(0).asInt(), p.get(1).asInt(), p.get(2).asInt(), p.get(3).asInt(), flip);
                what = c.get("crop").asText() + " " + p + (flip ? " flipped" : "");
                assertEquals(want.h * 1000 + want.w, d.oh() * 1000 + d.ow(), what + ": output size");
                BaseTransform.apply(d, src.pixels, src.c, resample, got);
            }
            int differ = 0;
            int max = 0;
            for (int i = 0; i < got.length; i++) {
                int diff = Math.abs((got[i] & 0xff) - (want.pixels[i] & 0xff));
                differ += diff > 0 ? 1 : 0;
                max = Math.max(max, diff);
            }
            if (differ > 0) {
                failures.add(c.get("source").asText() + " " + what + ": " + differ + " values differ, by up to " + max);
            }
            checked++;
        }
        assertTrue(checked >= 60, "cases read: " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void theResamplerIsPillowsOnTheSameImageWhateverTheWindow() throws IOException {
        // A window of the resized image equals the same pixels of the whole resize: what a crop after Resize(R) relies on.
        Image src = read("photo-333x500.png");
        PillowResample resample = new PillowResample();
        byte[] whole = new byte[3 * 256 * 384];
        resample.resize(src.pixels, 3, 333, 500, 256, 384, whole);
        byte[] window = new byte[3 * 50 * 70];
        resample.resample(src.pixels, 3, 333, 500, 0, 0, 333, 500, 256, 384, 200, 300, 50, 70, window);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 50; y++) {
                for (int x = 0; x < 70; x++) {
                    int inside = y + 200 < 256 && x + 300 < 384 ? whole[c * 256 * 384 + (y + 200) * 384 + x + 300] : 0;
                    assertEquals((byte) inside, window[c * 50 * 70 + y * 70 + x], "c" + c + " y" + y + " x" + x);
                }
            }
        }
    }

    private record Image(int c, int h, int w, byte[] pixels) {
    }

    /** A PNG as C x H x W bytes (grey: one plane). */
    private Image read(String name) throws IOException {
        BufferedImage img;
        try (InputStream in = getClass().getResourceAsStream(DIR + name)) {
            img = ImageIO.read(in);
        }
        int h = img.getHeight();
        int w = img.getWidth();
        Raster r = img.getRaster();
        int c = r.getNumBands() >= 3 ? 3 : 1;
        byte[] px = new byte[c * h * w];
        int[] row = new int[w];
        for (int b = 0; b < c; b++) {
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, b, row);
                for (int x = 0; x < w; x++) {
                    px[b * h * w + y * w + x] = (byte) row[x];
                }
            }
        }
        return new Image(c, h, w, px);
    }
}
