package org.guidedmixup.spark.output;

import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageHeader;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The format of an augment output folder: the one owner of its names and rules, which the job writes
 * by and {@code train --data}, {@code inspect}, {@code preview}, {@code export} and the library read
 * back by. Shard file names and how to recognise one, the staging folder's name (also a train
 * output's, and its {@link #SUCCESS}), the footer's image shape ({@link ShardFooter} holds the other
 * keys), and how a stored image becomes pixels again. The run's settings come back typed through
 * {@link AugmentSummary#settings()}.
 *
 * <pre>
 * OUTPUT/
 *   shards/        Parquet files, one or more per writing task: part-PARTITION-cFILE.snappy.parquet
 *   _rejects/      the rejects table (one Parquet file, empty when nothing was rejected)
 *   summary.json   {@link AugmentSummary}
 *   preview.png    a contact sheet of mixed rows (optional)
 *   _SUCCESS       written last: the output is complete
 * OUTPUT.rejects/  only when a run failed for rejecting more than max-rejects: its rejects table
 * .OUTPUT.staging-UUID/  the output while it is written, renamed to OUTPUT when complete
 * </pre>
 *
 * @param root the output folder
 */
public record ShardFormat(Path root) {
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

    private static final String SHARD_PREFIX = "part-";
    private static final String SHARD_SUFFIX = ".snappy.parquet";
    /** A name this project writes: the writing task's partition, then the file's number in it. */
    private static final Pattern SHARD_NAME = Pattern.compile(Pattern.quote(SHARD_PREFIX) + "(\\d{5})-c\\d{3,}"
            + Pattern.quote(SHARD_SUFFIX));
    private static final String STAGING_INFIX = ".staging-";

    public ShardFormat(String root) {
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

    /** The name of the {@code file}-th Parquet file that the task of {@code partition} writes. */
    public static String shardFileName(int partition, int file) {
        return String.format(Locale.ROOT, SHARD_PREFIX + "%05d-c%03d" + SHARD_SUFFIX, partition, file);
    }

    /**
     * Whether a file in {@code shards/} is a shard file: any file that Spark's and Parquet's readers
     * read as data, that is, every name not starting with '.' or '_' (those are side and marker
     * files). {@code train --data} checks each of them against summary.json, so a stray file is
     * refused rather than read.
     */
    public static boolean isShardFile(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }

    /** The partition whose task wrote the shard file {@code name}, or -1 for a name this project does not write. */
    public static int writerPartition(String name) {
        java.util.regex.Matcher m = SHARD_NAME.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A fresh staging folder for {@code out}: hidden, beside it, unique to this run. */
    public static Path stagingFolder(Path out) {
        return new Path(out.getParent(), stagingPrefix(out) + UUID.randomUUID());
    }

    /** Whether {@code name}, beside {@code out}, is a staging folder of {@code out} (of any run). */
    public static boolean isStagingOf(Path out, String name) {
        return name.startsWith(stagingPrefix(out));
    }

    private static String stagingPrefix(Path out) {
        return "." + out.getName() + STAGING_INFIX;
    }

    /** The footer's and the summary's image shape: C x H x W. */
    public static String imageShape(int channels, int height, int width) {
        return channels + "x" + height + "x" + width;
    }

    /**
     * The C x H x W pixels of a stored image: raw bytes as they are, a PNG or JPEG decoded (the encoding
     * is the run's {@code image-encoding}).
     */
    public static byte[] storedPixels(byte[] image, boolean raw, int channels) {
        return raw ? image : ImageDecoder.decodeStored(image, channels);
    }

    /**
     * {@link #storedPixels(byte[], boolean, int)} for a handful of images on the driver (preview,
     * explain): the same pixels without loading the bulk codecs' native libraries
     * ({@link ImageDecoder#decodeStoredFew}).
     */
    public static byte[] storedPixelsOfFew(byte[] image, boolean raw, int channels) {
        return raw ? image : ImageDecoder.decodeStoredFew(image, channels);
    }

    /**
     * The C x H x W pixels of a stored image where the run's encoding is not at hand (a bare
     * {@code shards/} folder): a PNG or JPEG by its signature, else raw bytes of the row's shape.
     */
    public static byte[] storedPixels(byte[] image, int channels, int height, int width) {
        boolean raw = image.length == channels * height * width
                && ImageHeader.read(image).format() == ImageHeader.Format.OTHER;
        return storedPixels(image, raw, channels);
    }
}
