package org.guidedmixup.spark.readback;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.config.AugmentConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code export DIR}: chosen rows of an augment output as a NumPy {@code .npz} (arrays for notebooks
 * and scripts: no Parquet reader needed), and optionally as PNG files. The arrays, N rows:
 * {@code source_id, partner_id (-1: not mixed), round, batch_id, mixed, label, partner_label,
 * ratio} (N), {@code soft_label} (N x K), {@code mixed_image, source_image, partner_image}
 * (N x C x H x W, uint8), {@code source_saliency, partner_saliency, mask} (N x H x W, float32);
 * {@code meta.json} holds class names, image shape and how saliency and masks were obtained.
 */
public final class ExportJob {
    private ExportJob() {
    }

    /** Which rows: {@code sourceIds} when non-empty, else the first {@code rows} (mixed only unless {@code includeClean}). */
    public record Selection(int rows, Integer round, long[] sourceIds, boolean includeClean) {
    }

    /** @return the number of rows exported */
    public static int run(SparkSession spark, String dir, Selection sel, Path npz, Path pngDir) throws IOException {
        AugmentOutput o = AugmentOutput.open(spark, dir);
        Dataset<Row> df = o.shards;
        Column cond = lit(true);
        if (sel.sourceIds().length > 0) {
            Object[] ids = Arrays.stream(sel.sourceIds()).boxed().toArray();
            cond = cond.and(col(ShardSchema.SOURCE_ID).isin(ids));
        } else if (!sel.includeClean()) {
            cond = cond.and(col(ShardSchema.MIXED));
        }
        if (sel.round() != null) {
            cond = cond.and(col(ShardSchema.ROUND).equalTo(sel.round()));
        }
        boolean soft = Arrays.asList(df.columns()).contains(ShardSchema.SOFT_LABEL);
        Dataset<Row> picked = df.filter(cond).select(ExplainedRows.columns(soft))
                .orderBy(col(ShardSchema.ROUND), col(ShardSchema.SOURCE_ID));
        if (sel.sourceIds().length == 0) {
            picked = picked.limit(sel.rows());
        }
        List<Row> rows = picked.collectAsList();
        if (rows.isEmpty()) {
            throw new InputException("no row of " + dir + " matches the selection (" + describe(sel)
                    + "); try --include-clean, another --round, or other --source-ids");
        }
        double eps = o.cfg.labelSmoothing();
        List<ExplainedRows.Example> ex = ExplainedRows.collect(rows, o::decode, o.spec, o.cfg.seed(), o.cfg.saliencyMean(),
                o.cfg.saliencyStd(), o.numClasses, eps, o.cfg.imageEncoding() == AugmentConfig.ImageEncoding.RAW,
                o.cfg.imageEncoding() == AugmentConfig.ImageEncoding.JPEG, Explanation.of(o.cfg));
        writeNpz(ex, o, npz);
        if (pngDir != null) {
            writePngs(ex, o.spec, pngDir);
        }
        return ex.size();
    }

    private static String describe(Selection s) {
        return s.sourceIds().length > 0 ? "source ids " + Arrays.toString(s.sourceIds())
                : (s.includeClean() ? "any row" : "mixed rows") + (s.round() == null ? "" : " of round " + s.round());
    }

    private static void writeNpz(List<ExplainedRows.Example> ex, AugmentOutput o, Path npz) throws IOException {
        ImageSpec spec = o.spec;
        int n = ex.size();
        int len = spec.length();
        int hw = spec.height() * spec.width();
        int k = ex.get(0).softLabel().length;
        long[] sid = new long[n];
        long[] pid = new long[n];
        long[] batch = new long[n];
        int[] round = new int[n];
        int[] label = new int[n];
        int[] plabel = new int[n];
        int[] mixed = new int[n];
        float[] ratio = new float[n];
        float[] soft = new float[n * k];
        byte[] mixedImg = new byte[n * len];
        byte[] src = new byte[n * len];
        byte[] par = new byte[n * len];
        float[] ss = new float[n * hw];
        float[] ps = new float[n * hw];
        float[] mask = new float[n * hw];
        for (int i = 0; i < n; i++) {
            ExplainedRows.Example e = ex.get(i);
            sid[i] = e.sourceId();
            pid[i] = e.partnerId();
            batch[i] = e.batchId();
            round[i] = e.round();
            label[i] = e.label();
            plabel[i] = e.partnerLabel();
            mixed[i] = e.mixed() ? 1 : 0;
            ratio[i] = e.ratio();
            System.arraycopy(e.softLabel(), 0, soft, i * k, k);
            System.arraycopy(e.stored(), 0, mixedImg, i * len, len);
            System.arraycopy(e.source(), 0, src, i * len, len);
            System.arraycopy(e.partner(), 0, par, i * len, len);
            for (int p = 0; p < hw; p++) {
                ss[i * hw + p] = (float) e.sourceSaliency()[p];
                ps[i * hw + p] = (float) e.partnerSaliency()[p];
                mask[i * hw + p] = (float) e.mask()[p];
            }
        }
        long[] img = {n, spec.channels(), spec.height(), spec.width()};
        long[] map = {n, spec.height(), spec.width()};
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("source_id", Nd4j.createFromArray(sid));
        arrays.put("partner_id", Nd4j.createFromArray(pid));
        arrays.put("round", Nd4j.createFromArray(round));
        arrays.put("batch_id", Nd4j.createFromArray(batch));
        arrays.put("mixed", Nd4j.createFromArray(mixed).castTo(DataType.BOOL));
        arrays.put("label", Nd4j.createFromArray(label));
        arrays.put("partner_label", Nd4j.createFromArray(plabel));
        arrays.put("ratio", Nd4j.createFromArray(ratio));
        arrays.put("soft_label", Nd4j.createFromArray(soft).reshape(n, k));
        arrays.put("mixed_image", uint8(mixedImg, img));
        arrays.put("source_image", uint8(src, img));
        arrays.put("partner_image", uint8(par, img));
        arrays.put("source_saliency", Nd4j.createFromArray(ss).reshape(map));
        arrays.put("partner_saliency", Nd4j.createFromArray(ps).reshape(map));
        arrays.put("mask", Nd4j.createFromArray(mask).reshape(map));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("output", o.summary.output());
        meta.put("class_names", o.classNames);
        meta.put("num_classes", o.numClasses);
        meta.put("channels", spec.channels());
        meta.put("height", spec.height());
        meta.put("width", spec.width());
        String mixer = o.cfg.mixer().id();
        meta.put("mixer", mixer);
        Explanation how = Explanation.of(o.cfg);
        meta.put("saliency", how.saliencyMeaning());
        meta.put("mask", how.maskMeaning());
        Path parent = npz.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = npz.resolveSibling("." + npz.getFileName() + ".partial");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Nd4j.toNpyByteArray(e.getValue()));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("meta.json"));
            zip.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            zip.closeEntry();
        }
        Files.move(tmp, npz, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** uint8 pixels: through int so that 128..255 keep their values (Java bytes are signed). */
    private static INDArray uint8(byte[] data, long[] shape) {
        int[] v = new int[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data[i] & 0xff;
        }
        return Nd4j.createFromArray(v).castTo(DataType.UINT8).reshape(shape);
    }

    private static void writePngs(List<ExplainedRows.Example> ex, ImageSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        PngCodec.Encoder png = new PngCodec.Encoder();
        for (ExplainedRows.Example e : ex) {
            String base = String.format(Locale.ROOT, "r%d_%d", e.round(), e.sourceId());
            Files.write(dir.resolve(base + "_mixed.png"), png.encode(e.stored(), spec.channels(), spec.height(), spec.width()));
            Files.write(dir.resolve(base + "_source.png"), png.encode(e.source(), spec.channels(), spec.height(), spec.width()));
            if (e.partnerId() >= 0) {
                Files.write(dir.resolve(base + "_partner.png"),
                        png.encode(e.partner(), spec.channels(), spec.height(), spec.width()));
            }
        }
    }
}
