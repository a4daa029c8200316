package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.ErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * An output folder that only ever appears complete: a job writes into a hidden staging folder beside
 * it ({@code .NAME.staging-UUID}), ends with its own {@code _SUCCESS}, and {@link #write} renames the
 * staging folder into place; on any failure the staging folder is deleted. Used by the augment and
 * train jobs alike. A run killed outright cannot delete its staging folder: it records its owner
 * ({@link StagingOwner}), and the next run for the same output removes it.
 */
public final class StagedOutput {
    /** The work of a job, writing into the staging folder. */
    @FunctionalInterface
    public interface Work<T> {
        T writeInto(Path staging, Path output, FileSystem fs) throws IOException;
    }

    private StagedOutput() {
    }

    /** The output's folder cannot be created or written: the user's to fix. */
    public static final class OutputNotWritableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OutputNotWritableException(String message) {
            super(message);
        }
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
                throw new OutputExistsException("output " + output + " already exists; pass --mode overwrite"
                        + " to replace it, or choose another --output");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check output " + output + ": " + e.getMessage(), e);
        }
        StagingOwner.removeAbandoned(fs, out);
        Path staging = ShardFormat.stagingFolder(out);
        // Find out now, before any work, whether the output's folder can be written at all.
        try {
            if (!fs.mkdirs(staging)) {
                throw new IOException("mkdirs returned false");
            }
            StagingOwner.current().writeInto(fs, staging);
        } catch (IOException | RuntimeException e) {
            throw new OutputNotWritableException("cannot write the output " + output + ": " + ErrorText.firstLine(e)
                    + "; choose another --output or fix the folder's permissions");
        }
        try {
            T result = work.writeInto(staging, out, fs);
            publish(hadoop, fs, staging, out, overwrite);
            return result;
        } catch (Exception e) {
            // Any failure, Spark's checked SparkException included: nothing may look complete.
            removeStaging(fs, staging);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Deletes the staging folder of a failed job. Tasks of the failed stage that Spark is still
     * killing can write into it for a moment after the job failed, so the folder is watched for a
     * few seconds and deleted again if it comes back.
     */
    private static void removeStaging(FileSystem fs, Path staging) {
        try {
            long end = System.nanoTime() + 5_000_000_000L;
            boolean seenGone = false;
            while (System.nanoTime() < end) {
                if (fs.exists(staging)) {
                    fs.delete(staging, true);
                    seenGone = false;
                } else if (seenGone) {
                    return;
                } else {
                    seenGone = true;
                }
                Thread.sleep(500);
            }
            fs.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the staging folder is hidden and never looks like a finished output.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Moves the finished staging folder to {@code out}. Renames never replace an existing folder
     * (a plain file-system rename onto an existing folder would move the staging folder inside it,
     * mixing two runs): an old output is first renamed aside, then the staging folder is renamed
     * with {@link Options.Rename#NONE}, which fails if another run published in between; then the
     * loop moves that one aside too. Whatever the interleaving of two runs, the output ends up as
     * exactly one of them (the last to publish), complete, with its own _SUCCESS.
     */
    private static void publish(Configuration hadoop, FileSystem fs, Path staging, Path out, boolean overwrite)
            throws IOException {
        FileContext fc = FileContext.getFileContext(out.toUri(), hadoop);
        // The owner record belongs to the staging folder, not to the published output.
        fs.delete(new Path(staging, StagingOwner.FILE), false);
        for (int attempt = 0; attempt < 20; attempt++) {
            Path aside = null;
            if (fs.exists(out)) {
                if (!overwrite) {
                    throw new OutputExistsException("output " + out + " appeared while this job ran"
                            + " (another run?); this run's result was not published. Pass --mode overwrite to replace it");
                }
                aside = new Path(out.getParent(), "." + out.getName() + ".replaced-" + UUID.randomUUID());
                try {
                    fc.rename(out, aside, Options.Rename.NONE);
                } catch (java.io.FileNotFoundException gone) {
                    aside = null; // another run moved it first
                }
            }
            try {
                fc.rename(staging, out, Options.Rename.NONE);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException raced) {
                if (aside != null) {
                    fs.delete(aside, true);
                }
                continue; // another run published between our two renames: move it aside as well
            } catch (IOException e) {
                if (fs.exists(out) && attempt < 19) {
                    continue; // a rename onto a folder another run created just now: same as above
                }
                throw new IOException("cannot move the finished output from " + staging + " to " + out + ": "
                        + e.getMessage(), e);
            }
            if (aside != null) {
                fs.delete(aside, true);
            }
            return;
        }
        throw new IOException("cannot publish " + out + ": other runs kept replacing it; run one job per output");
    }
}
