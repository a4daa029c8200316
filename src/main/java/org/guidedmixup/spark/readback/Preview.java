package org.guidedmixup.spark.readback;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.guidedmixup.io.ContactSheet;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.spark.output.ShardSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;

/**
 * Builds the contact sheet of the first mixed rows (by round, source_id): the shard gives the mixed
 * image and the pair; the decoded inputs give source and partner; saliency and mask are recomputed
 * with the same core code the job used (SR is per image, so they are exactly the job's).
 */
public final class Preview {
    private Preview() {
    }

    /**
     * The first {@code rows} mixed rows of written shards by (round, source_id), with
     * {@link ExplainedRows#columns(boolean) ExplainedRows' columns}: what {@link PreviewCandidates}
     * gathers during a run, read back from the files.
     */
    static List<Row> firstMixed(Dataset<Row> shards, int rows) {
        return shards.filter(col(ShardSchema.MIXED)).select(ExplainedRows.columns(false))
                .orderBy(col(ShardSchema.ROUND), col(ShardSchema.SOURCE_ID)).limit(rows).collectAsList();
    }

    /**
     * @param picked rows as {@link #firstMixed} gives them
     * @param lookup decodes the images of the given source ids (only those: inputs can be large)
     * @param seed   the run's seed, for the base transform each row's images went through
     * @return the number of examples drawn (0 when no row is mixed)
     */
    public static int write(List<Row> picked, Function<Set<Long>, List<DecodedImage>> lookup, ImageSpec spec, long seed, double[] mean,
                     double[] std, List<String> classNames, boolean raw, boolean lossy, Explanation how, OutputStream out)
            throws IOException {
        if (picked.isEmpty()) {
            return 0;
        }
        List<ContactSheet.Item> items = new ArrayList<>();
        for (ExplainedRows.Example e : ExplainedRows.collect(picked, lookup, spec, seed, mean, std, 0, 0, raw, lossy, how)) {
            List<String> caption = List.of(
                    String.format(Locale.ROOT, "#%d %s (%.2f)", e.sourceId(), name(classNames, e.label()), e.ratio()),
                    String.format(Locale.ROOT, "+ #%d %s (%.2f)", e.partnerId(), name(classNames, e.partnerLabel()),
                            1 - e.ratio()),
                    "round " + e.round());
            items.add(new ContactSheet.Item(e.source(), e.partner(), e.sourceSaliency(), e.partnerSaliency(), e.mask(),
                    e.stored(), caption));
        }
        ContactSheet.write(items, how.headers(), how.note(), spec.channels(), spec.height(), spec.width(), out);
        return items.size();
    }

    private static String name(List<String> names, int label) {
        return label < names.size() ? label + ":" + names.get(label) : "label " + label;
    }
}
