package org.guidedmixup.spark.output;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.output.ShardRow;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** The {@code _rejects/} table of an augment output: every rejected input record with its reason. */
public final class RejectsTable {
    private RejectsTable() {
    }

    /**
     * The rejects table: one file, empty when nothing was rejected (written here, without a Spark
     * job), else gathered by one task without a shuffle.
     */
    public static void write(JavaRDD<DecodedImage> rejected, long rejectCount, TaskParquetFiles.Target target, String sparkVersion,
                             FileSystem fs) throws IOException {
        List<TaskParquetFiles.Written> files;
        if (rejectCount == 0) {
            files = TaskParquetFiles.onDriver(target, () -> new ShardRow.RejectSupport(sparkVersion)).commitOnDriver(true);
        } else {
            files = rejected.coalesce(1).mapPartitions(new RejectsWriter(target, sparkVersion)).collect();
        }
        fs.delete(new Path(target.table, TaskParquetFiles.TEMPORARY), true);
        long rows = 0;
        for (TaskParquetFiles.Written w : files) {
            rows += w.rows();
        }
        if (rows != rejectCount) {
            throw new IllegalStateException("the rejects table holds " + rows + " rows, expected " + rejectCount);
        }
    }

    /** Writes the rejected records of its partition into the rejects table. */
    private static final class RejectsWriter
            implements FlatMapFunction<Iterator<DecodedImage>, TaskParquetFiles.Written> {
        private static final long serialVersionUID = 1L;
        private final TaskParquetFiles.Target target;
        private final String sparkVersion;

        RejectsWriter(TaskParquetFiles.Target target, String sparkVersion) {
            this.target = target;
            this.sparkVersion = sparkVersion;
        }

        @Override
        public Iterator<TaskParquetFiles.Written> call(Iterator<DecodedImage> rejected) throws Exception {
            TaskParquetFiles<DecodedImage> files = TaskParquetFiles.forTask(target, () -> new ShardRow.RejectSupport(sparkVersion));
            while (rejected.hasNext()) {
                files.write(rejected.next());
            }
            return files.commit(true).iterator();
        }
    }
}
