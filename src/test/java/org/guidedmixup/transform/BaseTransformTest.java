package org.guidedmixup.transform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The crop forms, their evaluation counterparts, and what a draw depends on. */
class BaseTransformTest {
    @Test
    void everyFormParsesAndPrintsBack() {
        for (String s : new String[] {"none", "random:32,pad=2", "random:28", "random-resized:224,scale=0.08-1,ratio=3/4-4/3",
                "random-resized:64,scale=0.25-1,ratio=0.5-2", "resize-random:256,224", "center:256,224", "center:28"}) {
            assertEquals(s, CropSpec.parse(s).toString());
        }
        assertEquals(CropSpec.randomResized(224), CropSpec.parse("random-resized:224"));
        assertEquals(CropSpec.random(32, 4), CropSpec.parse(" Random:32, pad=4 "));
        assertEquals(CropSpec.NONE, CropSpec.parse(""));
        BaseTransform t = new BaseTransform(CropSpec.randomResized(224), 0.5);
        assertEquals(t, BaseTransform.parse(t.toString()));
        assertEquals(BaseTransform.NONE, BaseTransform.parse(null));
    }

    @Test
    void badFormsSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("random")).getMessage().contains("random:S[,pad=P]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("random:224x224")).getMessage().contains("square"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("resize-random:200,224")).getMessage()
                .contains("give R >= S"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("random:32,padd=2")).getMessage()
                .contains("unknown option 'padd'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("random-resized:224,scale=0-1")).getMessage()
                .contains("0 < A <= B"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("zoom:3")).getMessage().contains("not a crop"));
    }

    @Test
    void evaluationUsesTheOfficialTestTransforms() {
        assertEquals("center:256,224", CropSpec.parse("random-resized:224").evalCounterpart().toString());
        assertEquals("center:512,448", CropSpec.parse("resize-random:512,448").evalCounterpart().toString());
        assertEquals("center:32", CropSpec.parse("random:32,pad=2").evalCounterpart().toString());
        assertEquals(CropSpec.NONE, CropSpec.NONE.evalCounterpart());
        assertEquals(0.0, new BaseTransform(CropSpec.random(32, 2), 0.5).evalCounterpart().flipProb());
    }

    @Test
    void aDrawDependsOnSeedRoundAndSourceOnly() {
        BaseTransform t = new BaseTransform(CropSpec.randomResized(64), 0.5);
        assertEquals(t.draw(1, 2, 3, 300, 400), t.draw(1, 2, 3, 300, 400));
        int differ = 0;
        for (int id = 0; id < 50; id++) {
            Draw a = t.draw(1, 0, id, 300, 400);
            differ += a.equals(t.draw(1, 1, id, 300, 400)) ? 0 : 1;
            differ += a.equals(t.draw(2, 0, id, 300, 400)) ? 0 : 1;
        }
        assertEquals(100, differ, "another round or seed draws another crop");
        assertNotEquals(t.draw(1, 0, 0, 300, 400), t.draw(1, 0, 1, 300, 400));
    }

    @Test
    void theFlipComesWithItsProbability() {
        BaseTransform t = new BaseTransform(CropSpec.NONE, 0.3);
        int flipped = 0;
        for (int id = 0; id < 20_000; id++) {
            flipped += t.draw(5, 0, id, 8, 8).flipped() ? 1 : 0;
        }
        // Binomial(20 000, 0.3): sd 65; 5 sd either way.
        assertTrue(Math.abs(flipped - 6000) < 325, "flipped " + flipped);
        assertTrue(new BaseTransform(CropSpec.NONE, 1).draw(5, 0, 0, 8, 8).flipped());
    }

    @Test
    void boxesAreInSourcePixelsAndCropsStayInside() {
        BaseTransform pad = new BaseTransform(CropSpec.random(28, 2), 0);
        Draw corner = pad.drawnAt(28, 28, 0, 0, 28, 28, false);
        assertEquals(-2f, corner.top());
        assertEquals(-2f, corner.left());
        assertEquals(28f, corner.height());
        BaseTransform fgvc = new BaseTransform(CropSpec.resizeRandom(256, 224), 0);
        Draw d = fgvc.drawnAt(333, 500, 16, 100, 224, 224, false);
        // Resize(256) makes 256x384 of 333x500: the box scales back by 333/256 and 500/384.
        assertEquals(16 * 333 / 256.0, d.top(), 1e-4);
        assertEquals(100 * 500 / 384.0, d.left(), 1e-4);
        assertEquals(224 * 333 / 256.0, d.height(), 1e-4);
        BaseTransform rrc = new BaseTransform(CropSpec.randomResized(32), 0);
        for (int id = 0; id < 2000; id++) {
            Draw r = rrc.draw(3, 0, id, 37, 53);
            assertTrue(r.sy() >= 0 && r.sx() >= 0 && r.sy() + r.sh() <= 37 && r.sx() + r.sw() <= 53, r.toString());
        }
        assertNull(pad.refusal(24, 24));
        assertTrue(pad.refusal(23, 40).contains("smaller than the crop 28 even with padding 2"));
    }

    @Test
    void resizeOfTheShorterSideIsTorchvisions() {
        assertEquals("256x384", hw(BaseTransform.ShorterSide.resized(333, 500, 256)));
        assertEquals("384x256", hw(BaseTransform.ShorterSide.resized(500, 333, 256)));
        // int(256 * 500 / 334) = 383 (truncated, not rounded).
        assertEquals("256x383", hw(BaseTransform.ShorterSide.resized(334, 500, 256)));
        assertEquals("256x300", hw(BaseTransform.ShorterSide.resized(256, 300, 256)));
    }

    private static String hw(int[] a) {
        return a[0] + "x" + a[1];
    }
}
