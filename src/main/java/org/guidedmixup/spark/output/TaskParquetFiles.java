package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.executor.CommitDeniedException;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskFailureListener;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Parquet files one task writes into a table folder, committed the way Spark's file commit
 * protocol does it, without Spark SQL:
 * <ul>
 *   <li>rows go into {@code TABLE/_temporary/<task attempt>/}, a new file every {@code rowsPerFile}
 *       rows, named as Spark names them minus the job's UUID ({@code part-00003-c001.snappy.parquet}:
 *       partition, then file of the partition), so the table's files sort in row order;</li>
 *   <li>{@link #commit} moves them into the table when the task has written everything, once Spark's
 *       output-commit coordinator (the one its own writers ask) has made this attempt the one
 *       attempt of its partition allowed to commit: a speculative or straggling twin is refused, as
 *       in Spark's commit protocol. A file left there by an earlier attempt that died between two
 *       moves is replaced: every attempt of a partition writes the same rows;</li>
 *   <li>{@link #abort} (on any failure) deletes the attempt's folder; the driver deletes
 *       {@code _temporary} at the end and checks that the files in the table are exactly those the
 *       tasks committed.</li>
 * </ul>
 * An empty partition writes no file, except where {@code alwaysOneFile} asks for one (so that a table
 * without rows still has its schema).
 *
 * @param <T> what one row is written from
 */
public final class TaskParquetFiles<T> {
    /** The attempts' scratch folder inside a table. */
    public static final String TEMPORARY = "_temporary";

    /** Where and how a table is written: sent to the tasks. */
    public static final class Target implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String table;
        /** The driver's Hadoop settings (Spark's own serialisable wrapper). */
        final SerializableConfiguration hadoop;
        final long rowsPerFile;
        final long rowGroupBytes;
        /** A column written without a dictionary (every value unique), or null. */
        final String noDictionaryColumn;

        public Target(String table, SerializableConfiguration hadoop, long rowsPerFile, long rowGroupBytes, String noDictionaryColumn) {
            this.table = table;
            this.hadoop = hadoop;
            this.rowsPerFile = rowsPerFile;
            this.rowGroupBytes = rowGroupBytes;
            this.noDictionaryColumn = noDictionaryColumn;
        }
    }

    /** A file a task committed, and the rows it wrote into it. */
    public record Written(String name, long rows) implements Serializable {
    }

    private final Target target;
    private final Supplier<WriteSupport<T>> support;
    private final int partition;
    private final Configuration conf;
    private final FileSystem fs;
    private final Path attemptDir;
    /** The task writing, or null outside Spark's tasks (the driver, tests): then no coordinator is asked. */
    private final TaskContext task;
    private final List<Written> files = new ArrayList<>();
    private ParquetWriter<T> writer;
    private long rowsInFile;

    /** Files for the running task (partition and attempt from its {@link TaskContext}). */
    public static <T> TaskParquetFiles<T> forTask(Target target, Supplier<WriteSupport<T>> support) {
        TaskContext tc = TaskContext.get();
        TaskParquetFiles<T> files = new TaskParquetFiles<>(target, support, tc.partitionId(),
                tc.partitionId() + "-" + tc.attemptNumber() + "-" + tc.taskAttemptId(), tc);
        tc.addTaskFailureListener((TaskFailureListener) (context, error) -> files.abort());
        return files;
    }

    /** Files the driver writes itself (one small table): partition 0, no coordinator to ask. */
    public static <T> TaskParquetFiles<T> onDriver(Target target, Supplier<WriteSupport<T>> support) {
        return new TaskParquetFiles<>(target, support, 0, "driver");
    }

    /** Files outside a Spark task (the driver, tests). */
    TaskParquetFiles(Target target, Supplier<WriteSupport<T>> support, int partition, String attempt) {
        this(target, support, partition, attempt, null);
    }

    private TaskParquetFiles(Target target, Supplier<WriteSupport<T>> support, int partition, String attempt,
                             TaskContext task) {
        this.target = target;
        this.task = task;
        this.support = support;
        this.partition = partition;
        this.conf = target.hadoop.value();
        Path table = new Path(target.table);
        try {
            this.fs = table.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + target.table + ": " + e.getMessage(), e);
        }
        // No .crc side files beside the table's files on a local file system (as StagedOutput).
        fs.setWriteChecksum(false);
        this.attemptDir = new Path(new Path(table, TEMPORARY), attempt);
    }

    /** The rows a finished Parquet file's footer counts (the driver's check of what is on disk). */
    public static long footerRows(FileSystem fs, Path file) throws IOException {
        long rows = 0;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                rows += b.getRowCount();
            }
        }
        return rows;
    }

    /** Appends one row. */
    public void write(T row) throws IOException {
        if (writer == null || rowsInFile == target.rowsPerFile) {
            closeFile();
            open();
        }
        writer.write(row);
        rowsInFile++;
    }

    private void open() throws IOException {
        Path p = new Path(attemptDir, ShardFormat.shardFileName(partition, files.size()));
        ParquetWriter.Builder<T, ?> b = new Builder<>(HadoopOutputFile.fromPath(p, conf), support.get())
                .withConf(conf)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(target.rowGroupBytes)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withDictionaryEncoding(true)
                .withValidation(false);
        if (target.noDictionaryColumn != null) {
            b.withDictionaryEncoding(target.noDictionaryColumn, false);
        }
        writer = b.build();
        rowsInFile = 0;
    }

    private void closeFile() throws IOException {
        if (writer != null) {
            writer.close();
            files.add(new Written(ShardFormat.shardFileName(partition, files.size()), rowsInFile));
            writer = null;
        }
    }

    /**
     * Closes the last file and, once Spark's coordinator allows this attempt to commit, moves its
     * files into the table.
     *
     * @param alwaysOneFile write an empty file when the task had no rows
     * @return the files committed, in order
     * @throws CommitDeniedException another attempt of the partition commits (Spark does not count it as a failure)
     */
    public List<Written> commit(boolean alwaysOneFile) throws IOException, CommitDeniedException {
        finish(alwaysOneFile);
        if (task != null && !SparkEnv.get().outputCommitCoordinator().canCommit(task.stageId(),
                task.stageAttemptNumber(), task.partitionId(), task.attemptNumber())) {
            abort();
            throw new CommitDeniedException("attempt " + task.attemptNumber() + " of partition " + task.partitionId()
                    + " may not commit: another attempt of it did", task.stageId(), task.partitionId(), task.attemptNumber());
        }
        return moveIntoTable();
    }

    /** {@link #commit} for files the driver writes itself (no coordinator to ask). */
    public List<Written> commitOnDriver(boolean alwaysOneFile) throws IOException {
        finish(alwaysOneFile);
        return moveIntoTable();
    }

    private void finish(boolean alwaysOneFile) throws IOException {
        if (writer == null && files.isEmpty() && alwaysOneFile) {
            open();
        }
        closeFile();
    }

    private List<Written> moveIntoTable() throws IOException {
        Path table = new Path(target.table);
        for (Written w : files) {
            Path to = new Path(table, w.name());
            fs.delete(to, false); // a file a dead attempt moved there, if any (false when there is none)
            if (!fs.rename(new Path(attemptDir, w.name()), to)) {
                throw new IOException("cannot move " + w.name() + " from " + attemptDir + " into " + table);
            }
        }
        fs.delete(attemptDir, true);
        return files;
    }

    /** Drops what this attempt wrote (best effort: the driver removes the whole scratch folder too). */
    void abort() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted below either way
        }
        writer = null;
        try {
            fs.delete(attemptDir, true);
        } catch (IOException ignored) {
            // the driver deletes _temporary, or the whole staging folder on failure
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> support;

        Builder(org.apache.parquet.io.OutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
