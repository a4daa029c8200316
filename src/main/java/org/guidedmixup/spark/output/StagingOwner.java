package org.guidedmixup.spark.output;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.JsonFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is writing a staging folder: the host, process id and process start time of the run, in
 * {@value #FILE} inside it. A run killed with SIGKILL cannot delete its staging folder, which can hold
 * hundreds of GB; the next run for the same output finds the folders whose owner is gone and removes
 * them. A folder is only removed when its owner ran on this host and no process with that pid and
 * start time is alive; folders of other hosts, of live runs, or without an owner record (written by
 * an older version) are left alone.
 *
 * @param host      the host name of the run
 * @param pid       its process id
 * @param startedAt its process start time, ISO-8601 (null where the platform does not tell)
 */
public record StagingOwner(String host, long pid, String startedAt) {
    /** The owner record's name inside the staging folder (removed before the folder is published). */
    public static final String FILE = "_OWNER.json";
    private static final Logger LOG = LoggerFactory.getLogger(StagingOwner.class);

    /** This process. */
    public static StagingOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new StagingOwner(hostName(), self.pid(), self.info().startInstant().map(Instant::toString).orElse(null));
    }

    /** Whether the owner is a process that is alive now (true when that cannot be known from here). */
    public boolean mayBeAlive() {
        if (!hostName().equals(host)) {
            return true;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        // The pid may have been reused by another process since: compare start times.
        Optional<Instant> started = p.get().info().startInstant();
        return startedAt == null || started.isEmpty() || started.get().toString().equals(startedAt);
    }

    void writeInto(FileSystem fs, Path staging) throws IOException {
        try (FSDataOutputStream os = fs.create(new Path(staging, FILE), true)) {
            os.write(JsonFormat.compact().writeValueAsBytes(this));
        }
    }

    static Optional<StagingOwner> readFrom(FileSystem fs, Path staging) {
        try (InputStream in = fs.open(new Path(staging, FILE))) {
            return Optional.of(JsonFormat.compact().readValue(in, StagingOwner.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the staging folders beside {@code out} ({@code .NAME.staging-*}) whose owner is gone,
     * and says so in one line; returns how many it removed.
     */
    static int removeAbandoned(FileSystem fs, Path out) {
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        try {
            if (out.getParent() == null || !fs.exists(out.getParent())) {
                return 0;
            }
            for (FileStatus s : fs.listStatus(out.getParent())) {
                if (!s.isDirectory() || !ShardFormat.isStagingOf(out, s.getPath().getName())) {
                    continue;
                }
                Optional<StagingOwner> owner = readFrom(fs, s.getPath());
                if (owner.isEmpty() || owner.get().mayBeAlive()) {
                    continue;
                }
                long size = fs.getContentSummary(s.getPath()).getLength();
                if (fs.delete(s.getPath(), true)) {
                    bytes += size;
                    removed.add("pid " + owner.get().pid + (owner.get().startedAt == null ? "" : " started " + owner.get().startedAt));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for staging folders of killed runs beside " + out + ": " + e.getMessage());
            return removed.size();
        }
        if (!removed.isEmpty()) {
            LOG.warn(String.format(Locale.ROOT, "removed %d staging folder(s) beside %s left by killed runs (%s; %.1f MB)",
                    removed.size(), ShardFormat.display(out), String.join(", ", removed), bytes / 1e6));
        }
        return removed.size();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
