package org.guidedmixup.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * An output folder that only ever appears complete: a job writes into a hidden staging folder beside
 * it ({@code .NAME.staging-UUID}), ends with its own {@code _SUCCESS}, and {@link #write} renames the
 * staging folder into place; on any failure the staging folder is deleted. Used by the augment and
 * train jobs alike.
 */
public final class StagedOutput {
    /** The work of a job, writing into the staging folder. */
    @FunctionalInterface
    public interface Work<T> {
        T writeInto(Path staging, Path output, FileSystem fs) throws IOException;
    }

    private StagedOutput() {
    }

    /**
     * Checks {@code output} (refused when it exists and {@code overwrite} is false), runs the work
     * into a fresh staging folder and publishes it.
     */
    public static <T> T write(Configuration hadoop, String output, boolean overwrite, Work<T> work) {
        // The jobs write their own _SUCCESS, last, after everything else.
        hadoop.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
        Path out = new Path(output);
        FileSystem fs;
        try {
            fs = out.getFileSystem(hadoop);
            // No .crc side files next to the output on a local file system.
            fs.setWriteChecksum(false);
            out = fs.makeQualified(out);
            if (fs.exists(out) && !overwrite) {
                throw new AugmentJob.OutputExistsException("output " + output + " already exists; pass --mode overwrite"
                        + " to replace it, or choose another --output");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output " + output + ": " + e.getMessage(), e);
        }
        Path staging = new Path(out.getParent(), "." + out.getName() + ".staging-" + UUID.randomUUID());
        try {
            T result = work.writeInto(staging, out, fs);
            if (fs.exists(out) && !fs.delete(out, true)) {
                throw new IOException("cannot remove the old output " + out);
            }
            if (!fs.rename(staging, out)) {
                throw new IOException("cannot move the finished output from " + staging + " to " + out);
            }
            return result;
        } catch (RuntimeException | IOException e) {
            try {
                fs.delete(staging, true);
            } catch (IOException | RuntimeException ignored) {
                // Best effort: the staging folder is hidden and never looks like a finished output.
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException(e.getMessage(), (IOException) e);
        }
    }
}
