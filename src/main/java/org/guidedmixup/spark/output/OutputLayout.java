package org.guidedmixup.spark.output;

import org.apache.hadoop.fs.Path;

/**
 * Where things lie in an augment output (and, for {@link #SUMMARY} and {@link #SUCCESS}, a train
 * output): one place for the names that the job writes and that {@code train --data},
 * {@code inspect}, {@code preview} and {@code export} read back.
 *
 * <pre>
 * OUTPUT/
 *   shards/        Parquet files, one or more per writing task, named part-PARTITION-...
 *   _rejects/      the rejects table (one Parquet file, empty when nothing was rejected)
 *   summary.json   {@link AugmentSummary}
 *   preview.png    a contact sheet of mixed rows (optional)
 *   _SUCCESS       written last: the output is complete
 * OUTPUT.rejects/  only when a run failed for rejecting more than max-rejects: its rejects table
 * </pre>
 *
 * @param root the output folder
 */
public record OutputLayout(Path root) {
    /** The folder of the shards (only Parquet files, so any reader takes it whole). */
    public static final String SHARDS = "shards";
    /** The rejects table, beside the shards. */
    public static final String REJECTS = "_rejects";
    /** The run's summary and settings. */
    public static final String SUMMARY = "summary.json";
    /** The contact sheet. */
    public static final String PREVIEW = "preview.png";
    /** Written last, when everything else is in place. */
    public static final String SUCCESS = "_SUCCESS";

    public OutputLayout(String root) {
        this(new Path(root));
    }

    public Path shards() {
        return new Path(root, SHARDS);
    }

    public Path rejects() {
        return new Path(root, REJECTS);
    }

    public Path summary() {
        return new Path(root, SUMMARY);
    }

    public Path preview() {
        return new Path(root, PREVIEW);
    }

    public Path success() {
        return new Path(root, SUCCESS);
    }

    /**
     * Where a run that failed for rejecting too much of its input leaves its rejects table: beside
     * the output folder (which it never creates), so that nothing looks like a finished output.
     */
    public static Path failedRejects(Path output) {
        return new Path(output.getParent(), output.getName() + ".rejects");
    }

    /** A local path without its file: scheme, as users typed it; any other URI as is. */
    public static String display(Path p) {
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }

    /** A folder as the user named it: a URI with a scheme as is, a local path made absolute. */
    public static String qualified(String dir) {
        return new Path(dir).toUri().getScheme() != null ? dir
                : java.nio.file.Path.of(dir).toAbsolutePath().normalize().toString();
    }
}
