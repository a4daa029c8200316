package org.guidedmixup.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.SourceRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code preview DIR}: a contact sheet of an existing output. The job's settings come from its
 * summary.json; the input it names is read again for the source and partner images.
 */
public final class PreviewJob {
    private PreviewJob() {
    }

    /** @return the number of examples drawn */
    public static int run(SparkSession spark, Path dir, Path png, int rows) throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new InputException(dir + " has no summary.json: is it the output of a finished augment run?");
        }
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = new ObjectMapper().convertValue(summary.get("config"), Map.class);
        AugmentConfig cfg = AugmentConfig.from(ConfigFactory.parseMap(Map.of("augment", unflatten(settings))));
        int k = summary.get("num_classes").asInt();
        ImageSpec spec = new ImageSpec(summary.get("channels").asInt(), summary.get("height").asInt(),
                summary.get("width").asInt(), cfg.resize(), cfg.maxPixels());
        List<String> names = new ArrayList<>();
        summary.get("class_names").forEach(n -> names.add(n.asText()));
        SourceData src = SourceReader.read(spark, cfg, Math.max(1, cfg.partitions()));
        JavaRDD<SourceRecord> records = src.records();
        Dataset<Row> shards = spark.read().parquet(dir.resolve(AugmentJob.SHARDS).toString());
        try (OutputStream out = Files.newOutputStream(png)) {
            // Decode only the sources and partners drawn, not the whole input.
            return Preview.write(shards, ids -> records.filter(r -> ids.contains(r.sourceId))
                            .map(r -> ImageDecoder.decode(r, spec, k)).collect(),
                    spec, cfg.saliencyMean(), cfg.saliencyStd(), names, rows, out);
        }
    }

    /** {"a.b": 1} -> {"a": {"b": 1}}, as HOCON paths read. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> unflatten(Map<String, Object> flat) {
        Map<String, Object> root = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], x -> new java.util.LinkedHashMap<String, Object>());
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }
}
