package org.guidedmixup.spark.readback;

import org.apache.spark.sql.Row;
import org.guidedmixup.core.MixupConfig.MixerKind;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-back shows what each mixer and saliency used: the guided mask, the CutMix box, Input Mixup's λ, nothing for AP. */
class ExplainedRowsTest {
    private static List<ExplainedRows.Example> explain(Path tmp, String mixer, String encoding) {
        return explain(tmp, mixer, encoding, Map.of());
    }

    private static List<ExplainedRows.Example> explain(Path tmp, String mixer, String encoding, Map<String, Object> more) {
        GoldenCase g = GoldenCase.load("squares32");
        String out = tmp.resolve(mixer + "-" + encoding + more.size()).toString();
        Map<String, Object> settings = new java.util.HashMap<>(Map.of("input", g.dir.resolve("manifest.csv").toString(), "output", out,
                "batch-size", 8, "mix-prob", 1, "mixer", mixer, "pairing", "random", "image-encoding", encoding, "rounds", 2));
        settings.putAll(more);
        AugmentRuns.run(settings);
        AugmentOutput o = AugmentOutput.open(SparkTestSession.get(), out);
        List<Row> rows = Preview.firstMixed(o.shards, more.isEmpty() ? 6 : 1000);
        assertFalse(rows.isEmpty());
        return ExplainedRows.collect(rows, o::decode, o.spec, o.cfg.seed(), new double[0], new double[0], 0, 0, encoding.equals("raw"),
                encoding.equals("jpeg"), Explanation.of(o.cfg));
    }

    @Test
    void cutmixShowsThePastedBox(@TempDir Path tmp) {
        cutmixRowsAreTheirSourceAndPartner(explain(tmp, "cutmix", "png"));
    }

    @Test
    void withCropAndFlipTheSourcesAreShownAsTheBatchSawThem(@TempDir Path tmp) {
        // Every pixel of a CutMix row is its source's or its partner's: only the transformed images
        // (this round's crop and flip of each) can match the stored rows, on both rounds.
        List<ExplainedRows.Example> ex = explain(tmp, "cutmix", "png", Map.of("crop", "random:24,pad=3", "flip", true));
        assertTrue(ex.stream().anyMatch(e -> e.round() == 1), "rows of round 1 are explained too");
        cutmixRowsAreTheirSourceAndPartner(ex);
    }

    private static void cutmixRowsAreTheirSourceAndPartner(List<ExplainedRows.Example> examples) {
        int boxes = 0;
        for (ExplainedRows.Example e : examples) {
            assertTrue(Double.isNaN(e.sourceSaliency()[0]), "cutmix uses no saliency");
            int hw = e.mask().length;
            int zeros = 0;
            int len = e.stored().length;
            int channels = len / hw;
            for (int p = 0; p < hw; p++) {
                double m = e.mask()[p];
                assertTrue(m == 0.0 || m == 1.0, "a box, not a soft mask: " + m);
                for (int c = 0; c < channels; c++) {
                    // Outside the box the stored pixel is the source's; inside, the partner's.
                    byte want = m == 1.0 ? e.source()[c * hw + p] : e.partner()[c * hw + p];
                    assertEquals(want, e.stored()[c * hw + p]);
                }
                zeros += m == 0.0 ? 1 : 0;
            }
            // The box found lies inside the pasted one, whose area the ratio gives.
            assertTrue(zeros <= Math.round((1 - e.ratio()) * hw) + 1, zeros + " vs ratio " + e.ratio());
            boxes += zeros > 0 ? 1 : 0;
        }
        // (A box over pixels where source and partner agree cannot be seen, so not every row shows one.)
        assertTrue(boxes > 0, "pasted boxes are found");
    }

    @Test
    void inputMixupShowsLambda(@TempDir Path tmp) {
        for (ExplainedRows.Example e : explain(tmp, "mixup", "raw")) {
            assertTrue(Double.isNaN(e.partnerSaliency()[0]));
            for (double m : e.mask()) {
                assertEquals(e.ratio(), m, 1e-6);
            }
        }
    }

    @Test
    void eachRunSaysWhatIsShown() {
        assertNull(new Explanation(MixerKind.GUIDED, SaliencyKind.SR).note(), "SR maps and masks are the job's own");
        assertNotNull(new Explanation(MixerKind.GUIDED, SaliencyKind.AP).note());
        assertFalse(new Explanation(MixerKind.GUIDED, SaliencyKind.AP).showsMask());
        assertEquals("mask (box)", new Explanation(MixerKind.CUTMIX, SaliencyKind.SR).headers()[4]);
        assertEquals("mask (λ)", new Explanation(MixerKind.MIXUP, SaliencyKind.SR).headers()[4]);
        assertTrue(new Explanation(MixerKind.CUTMIX, SaliencyKind.SR).maskMeaning().contains("box"));
    }

    @Test
    void apRowsShowNoMapsNorMasks(@TempDir Path tmp) {
        GoldenCase g = GoldenCase.load("squares32");
        String out = tmp.resolve("o").toString();
        AugmentRuns.run(Map.of("input", g.dir.resolve("manifest.csv").toString(), "output", out, "batch-size", 8,
                "mix-prob", 1));
        AugmentOutput o = AugmentOutput.open(SparkTestSession.get(), out);
        ImageSpec spec = o.spec;
        List<ExplainedRows.Example> ex = ExplainedRows.collect(Preview.firstMixed(o.shards, 3), o::decode, spec, o.cfg.seed(),
                new double[0], new double[0], 0, 0, false, false, new Explanation(MixerKind.GUIDED, SaliencyKind.AP));
        for (ExplainedRows.Example e : ex) {
            assertTrue(Double.isNaN(e.sourceSaliency()[0]) && Double.isNaN(e.mask()[0]), "an ap run's maps are not guessed");
        }
    }
}
